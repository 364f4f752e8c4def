import AgoraHTTP
import AgoraProto
import Foundation
import OperatorClient

/// What `agora why` found, for people and scripts.
struct WhyReport {
    var taskID: String?
    var task: Agora_V1_Task?
    var state: MasterResponse.GetState
    var explanation: MasterResponse.ExplainAllocation?
    var demand: [Agora_V1_Resource]
    /// The app asked about, when the question is about an app of the apps framework.
    var app: AppWhy?

    /// One paragraph on the task itself.
    var verdict: String? {
        guard let id = self.taskID else { return nil }
        guard let task = self.task else { return "Task \(id) is not known to the master: its framework has not launched it." }
        let agent = self.state.getAgents.agents.first { $0.agentInfo.id == task.agentID }?.agentInfo.hostname ?? task.agentID.value
        let last = task.statuses.last
        let since = last.map { " for \(Format.age(seconds: Date().timeIntervalSince1970 - $0.timestamp))" } ?? ""
        switch task.state {
        case .taskRunning:
            return "Task \(id) is running on \(agent)\(since)."
        case .taskStaging, .taskStarting:
            return "Task \(id) was launched on \(agent) and is \(Format.state(task.state).lowercased())\(since): its executor has not reported it running yet."
        default:
            var text = "Task \(id) is not running: it is \(Format.state(task.state))\(since) on \(agent)"
            if let last, last.hasReason { text += ", reason \(Format.protoName(last.reason))" }
            if let last, !last.message.isEmpty { text += ": \(last.message)" }
            return text + "."
        }
    }

    func text() -> String {
        var text = self.app?.text() ?? self.verdict.map { $0 + "\n" } ?? ""
        guard let explanation = self.explanation else { return text }
        if self.app != nil { text += "The master (allocator), for one instance:\n" }
        if !self.demand.isEmpty {
            if explanation.reasons.isEmpty {
                let fitting = explanation.agents.filter { $0.active && $0.shortfall.isEmpty }.map(\.hostname)
                text += "A task of \(Format.resources(self.demand)) fits now on: \(fitting.joined(separator: ", ")); "
                    + "the allocator offers it to the framework at its next run (unless the framework declines).\n"
            } else {
                text += "What stops a task of \(Format.resources(self.demand)) from being offered:\n"
                text += explanation.reasons.map { "  - \($0)\n" }.joined()
            }
        } else if !explanation.reasons.isEmpty {
            text += explanation.reasons.map { "  - \($0)\n" }.joined()
        }
        text += "\nAgents:\n" + self.agentTable(explanation).render()
        text += "\nRoles:\n" + self.roleTable(explanation).render()
        return text
    }

    private func agentTable(_ explanation: MasterResponse.ExplainAllocation) -> Table {
        var table = Table("  HOSTNAME", "ACTIVE", "FREE", "OFFERED OR USED", "FILTERS", "SHORT")
        for agent in explanation.agents {
            let held = agent.offeredOrUsed.map { "\(self.name($0.frameworkID))[\($0.role)] \(Format.resources($0.resources))" }
            let filters = Dictionary(grouping: agent.filters) { "\(self.name($0.frameworkID))[\($0.role)]" }
                .sorted { $0.key < $1.key }
                .map { key, filters in "\(key) for \(Format.age(seconds: filters.map(\.expiresInSeconds).max() ?? 0))" }
            table.add(
                "  " + agent.hostname, agent.active ? "yes" : "no", Format.resources(agent.available),
                held.isEmpty ? "-" : held.joined(separator: "; "), filters.isEmpty ? "-" : filters.joined(separator: "; "),
                self.demand.isEmpty ? "-" : (agent.shortfall.isEmpty ? "fits" : Format.resources(agent.shortfall)))
        }
        return table
    }

    /// A framework's name where the master knows it, else its ID.
    private func name(_ id: Agora_V1_FrameworkID) -> String {
        let frameworks = self.state.getFrameworks.frameworks
        return frameworks.first { $0.frameworkInfo.id == id }.map(\.frameworkInfo.name) ?? id.value
    }

    private func roleTable(_ explanation: MasterResponse.ExplainAllocation) -> Table {
        var table = Table("  ROLE", "WEIGHT", "SHARE", "QUOTA", "CONSUMED", "FRAMEWORKS")
        for role in explanation.roles {
            let frameworks = role.frameworks.map { "\($0.name.isEmpty ? $0.frameworkID.value : $0.name)\($0.suppressed ? " (suppressed)" : "")\($0.connected ? "" : " (disconnected)")" }
            table.add(
                "  " + role.name, Format.number(role.weight), role.hasShare ? Format.number(role.share) : "-",
                role.hasQuota ? QuotaView.summary(role.quota) : "-", QuotaView.text(role.consumed),
                frameworks.isEmpty ? "-" : frameworks.joined(separator: ", "))
        }
        return table
    }

    func json() throws -> String {
        var fields: [(String, String)] = self.verdict.map { [("verdict", JSONValue.string($0).text)] } ?? []
        if let task = self.task { fields.append(("task", try Render.line(task))) }
        if let app = self.app { fields.append(("app", try app.json())) }
        if let explanation = self.explanation { fields.append(("explanation", try Render.line(explanation))) }
        fields.append(("demand", "[" + (try self.demand.map { try Render.line($0) }.joined(separator: ",")) + "]"))
        return "{" + fields.map { "\(JSONValue.string($0.0).text):\($0.1)" }.joined(separator: ",") + "}"
    }
}
