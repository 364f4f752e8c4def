import Foundation
import OperatorClient

/// Apps as tables and text.
enum AppView {
    static func table(_ apps: [MarathonApp], wide: Bool) -> String {
        var table = wide ? Table("ID", "RUNNING", "STAGED", "HEALTHY", "CPUS", "MEM", "DISK", "DEPLOYMENTS", "VERSION", "CMD")
            : Table("ID", "RUNNING", "HEALTHY", "CPUS", "MEM", "DEPLOYMENTS")
        for app in apps {
            let running = "\(app.tasksRunning)/\(app.instances)"
            let healthy = Self.hasHealthChecks(app) ? String(app.tasksHealthy) : "-"
            let deployments = app.deploymentIDs.isEmpty ? "-" : app.deploymentIDs.map { String($0.prefix(8)) }.joined(separator: ",")
            if wide {
                table.add(app.id, running, String(app.tasksStaged), healthy, Format.number(app.cpus), Format.number(app.mem),
                          Format.number(app.disk), deployments, app.version, app.cmd ?? "-")
            } else {
                table.add(app.id, running, healthy, Format.number(app.cpus), Format.number(app.mem), deployments)
            }
        }
        return table.render()
    }

    static func hasHealthChecks(_ app: MarathonApp) -> Bool { !(app.json["healthChecks"] as? [Any] ?? []).isEmpty }

    /// `agora app show`: the definition's essentials, instances, why some wait, tasks.
    static func details(_ app: MarathonApp, queued: MarathonQueueItem?) -> String {
        var lines = [
            "ID:          \(app.id)",
            "Command:     \(app.cmd ?? "-")",
            "Instances:   \(app.tasksRunning) running, \(app.tasksStaged) staged of \(app.instances)"
                + (Self.hasHealthChecks(app) ? ", \(app.tasksHealthy) healthy" : ""),
            "Resources:   cpus:\(Format.number(app.cpus)) mem:\(Format.number(app.mem)) disk:\(Format.number(app.disk))",
            "Role:        \(app.role ?? "*")",
        ]
        if !app.constraints.isEmpty { lines.append("Constraints: " + app.constraints.map { $0.joined(separator: ":") }.joined(separator: ", ")) }
        lines.append("Version:     \(app.version)")
        lines.append("Deployments: " + (app.deploymentIDs.isEmpty ? "none" : app.deploymentIDs.joined(separator: ", ")))
        if let queued { lines.append("Waiting:     \(queued.count) to launch: \(queued.waitingReason ?? "waiting for offers")") }
        if let failure = app.json["lastTaskFailure"] as? [String: Any] {
            lines.append("Last failure: \(failure["state"] as? String ?? "") \(failure["message"] as? String ?? "") (\(failure["timestamp"] as? String ?? ""))")
        }
        var text = lines.joined(separator: "\n") + "\n"
        let tasks = app.json["tasks"] as? [[String: Any]] ?? []
        guard !tasks.isEmpty else { return text }
        var table = Table("TASK", "STATE", "HOST", "PORTS", "STARTED")
        for task in tasks {
            let ports = (task["ports"] as? [NSNumber] ?? []).map { $0.stringValue }.joined(separator: ",")
            table.add(
                task["id"] as? String ?? "", Format.shortState(task["state"] as? String ?? ""), task["host"] as? String ?? "",
                ports.isEmpty ? "-" : ports, task["startedAt"] as? String ?? "-")
        }
        text += "\nTasks:\n" + table.render()
        return text
    }
}

extension Format {
    /// `TASK_RUNNING` → `RUNNING`, other text unchanged.
    static func shortState(_ state: String) -> String { state.hasPrefix("TASK_") ? String(state.dropFirst(5)) : state }
}
