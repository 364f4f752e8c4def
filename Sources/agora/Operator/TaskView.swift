import AgoraProto
import Foundation
import OperatorClient

/// Tasks for tables and scripts.
enum TaskView {
    static func render(_ tasks: [Agora_V1_Task], state: MasterResponse.GetState, as format: OutputFormat, watching: Bool) throws -> String {
        switch format {
        case .json where watching: return "[" + (try tasks.map { try Render.line($0) }.joined(separator: ",")) + "]\n"
        case .json, .yaml: return try Render.array(tasks, as: format)
        case .table, .wide:
            let hostnames = Dictionary(state.getAgents.agents.map { ($0.agentInfo.id.value, $0.agentInfo.hostname) }) { first, _ in first }
            let names = Dictionary(state.getFrameworks.frameworks.map { ($0.frameworkInfo.id.value, $0.frameworkInfo.name) }) { first, _ in first }
            var table = format == .wide
                ? Table("ID", "NAME", "FRAMEWORK", "STATE", "AGENT", "RESOURCES", "FRAMEWORK ID", "AGENT ID", "AGE")
                : Table("ID", "NAME", "FRAMEWORK", "STATE", "AGENT", "RESOURCES")
            for task in tasks {
                var row = [
                    task.taskID.value, task.name, names[task.frameworkID.value] ?? task.frameworkID.value, Format.state(task.state),
                    hostnames[task.agentID.value] ?? task.agentID.value, Format.resources(task.resources),
                ]
                if format == .wide {
                    let first = task.statuses.first.map { Format.age(seconds: Date().timeIntervalSince1970 - $0.timestamp) } ?? "-"
                    row += [task.frameworkID.value, task.agentID.value, first]
                }
                table.add(row)
            }
            return (tasks.isEmpty && !watching ? "No tasks.\n" : table.render()) + (watching ? "\n" : "")
        }
    }

    static func details(_ task: Agora_V1_Task, state: MasterResponse.GetState) -> String {
        let framework = state.getFrameworks.frameworks.first { $0.frameworkInfo.id == task.frameworkID }?.frameworkInfo.name
        let agent = state.getAgents.agents.first { $0.agentInfo.id == task.agentID }?.agentInfo.hostname
        var text = """
            ID:          \(task.taskID.value)
            Name:        \(task.name)
            State:       \(Format.state(task.state))
            Framework:   \(framework.map { "\($0) (\(task.frameworkID.value))" } ?? task.frameworkID.value)
            Agent:       \(agent.map { "\($0) (\(task.agentID.value))" } ?? task.agentID.value)
            Resources:   \(Format.resources(task.resources))
            Statuses:

            """
        var table = Table("  STATE", "AGE", "SOURCE", "REASON", "MESSAGE")
        for status in task.statuses {
            table.add(
                "  " + Format.state(status.state), Format.age(seconds: Date().timeIntervalSince1970 - status.timestamp),
                status.hasSource ? Format.protoName(status.source) : "-",
                status.hasReason ? Format.protoName(status.reason) : "-",
                status.message.isEmpty ? "-" : status.message)
        }
        text += table.render()
        return text
    }
}
