import AgoraHTTP
import AgoraProto
import Foundation
import OperatorClient

/// An app of the apps framework, and what its queue says about instances waiting to launch.
struct AppWhy {
    var app: MarathonApp
    var queued: MarathonQueueItem?

    /// What a task of the app needs: its scalar resources.
    var demand: [Agora_V1_Resource] {
        [("cpus", self.app.cpus), ("mem", self.app.mem), ("disk", self.app.disk)].filter { $0.1 > 0 }.map { name, value in
            Agora_V1_Resource.with {
                $0.name = name
                $0.type = .scalar
                $0.scalar.value = value
            }
        }
    }

    /// Whether every wanted instance runs and nothing waits.
    var isSettled: Bool { self.queued == nil && self.app.tasksRunning >= self.app.instances }

    /// The framework's level: instances, the queue's reason, which checks rejected offers.
    func text() -> String {
        let app = self.app
        var text = "App \(app.id): \(app.tasksRunning) of \(app.instances) instances running"
        if app.tasksStaged > 0 { text += ", \(app.tasksStaged) staged" }
        guard let queued = self.queued else {
            return text + (self.isSettled ? "; nothing waits to launch.\n" : "; none waits for offers (old instances are stopping or new ones are not ready yet).\n")
        }
        text += "; \(queued.count) waiting to launch.\n"
        text += "The apps framework: \(queued.waitingReason ?? "waiting for offers").\n"
        if !queued.rejections.isEmpty {
            text += "  Offers it declined (recent): " + queued.rejections.map { "\($0.reason) \($0.declined)" }.joined(separator: ", ") + "\n"
        }
        if !app.constraints.isEmpty {
            text += "  Constraints: " + app.constraints.map { $0.joined(separator: ":") }.joined(separator: ", ") + "\n"
        }
        return text
    }

    /// `{"id","instances","running","staged","queue"}` for `-o json`.
    func json() throws -> String {
        var object: [String: Any] = [
            "id": self.app.id, "instances": self.app.instances, "running": self.app.tasksRunning, "staged": self.app.tasksStaged,
        ]
        if let queued = self.queued { object["queue"] = queued.json }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
