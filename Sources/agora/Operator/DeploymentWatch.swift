import Foundation
import OperatorClient

#if canImport(Glibc)
import Glibc
#endif

/// Follows the apps framework's deployments: a progress line per deployment (rewritten in
/// place on a terminal, printed when it changes otherwise), a line when one finishes, and
/// once per stall the framework's reason (`/v2/queue`) when one makes no progress for
/// `stallAfter` seconds. With `only`, follows that deployment and returns once it is done.
struct DeploymentWatch {
    let apps: AppsClient
    let stallAfter: Double
    var only: String?
    var interval: Duration = .milliseconds(500)
    let onTerminal = isatty(STDOUT_FILENO) == 1

    /// What was last seen of one deployment.
    private struct Seen {
        var line: String
        var changedAt: Date
        var stalled = false
        var apps: [String]
    }

    func run() async throws {
        var seen: [String: Seen] = [:]
        var first = true
        while true {
            let deployments = try await self.apps.deployments().filter { self.only == nil || $0.id == self.only }
            let (apps, queue) = (try await self.apps.apps(), try await self.apps.queue())
            let now = Date()
            var live: [String] = []
            for deployment in deployments {
                let line = Self.progress(deployment, apps: apps)
                live.append(line)
                if var previous = seen[deployment.id], previous.line == line {
                    if !previous.stalled, now.timeIntervalSince(previous.changedAt) >= self.stallAfter {
                        self.say(Self.stall(deployment, seconds: now.timeIntervalSince(previous.changedAt), queue: queue))
                        previous.stalled = true
                        seen[deployment.id] = previous
                    }
                } else {
                    seen[deployment.id] = Seen(line: line, changedAt: now, apps: deployment.affectedApps)
                    if !self.onTerminal { self.say(line) }
                }
            }
            let current = Set(deployments.map(\.id))
            for (id, gone) in seen where !current.contains(id) {
                self.say("deployment \(id) (\(gone.apps.joined(separator: ", "))) finished")
                seen[id] = nil
            }
            if let only = self.only, !current.contains(only) {
                if first { self.say("deployment \(only) finished") }
                return
            }
            if first && deployments.isEmpty { self.say("no deployments in progress") }
            if self.onTerminal && !live.isEmpty { emit("\r\u{1B}[K" + live.joined(separator: "; ")) }
            first = false
            try await Task.sleep(for: self.interval)
        }
    }

    private func say(_ line: String) {
        emit((self.onTerminal ? "\r\u{1B}[K" : "") + line + "\n")
    }

    /// `deployment 1a2b… /web: step 1/1 ScaleApplication /web: 1/3 running, 1 staged`.
    static func progress(_ deployment: MarathonDeployment, apps: [MarathonApp]) -> String {
        let actions = deployment.currentActions.map { "\($0.action) \($0.app)" }.joined(separator: ", ")
        let counts = deployment.affectedApps.map { id -> String in
            guard let app = apps.first(where: { $0.id == id }) else { return "\(id) gone" }
            var text = "\(id) \(app.tasksRunning)/\(app.instances) running"
            if app.tasksStaged > 0 { text += ", \(app.tasksStaged) staged" }
            if AppView.hasHealthChecks(app) { text += ", \(app.tasksHealthy) healthy" }
            return text
        }
        return "deployment \(deployment.id): step \(deployment.currentStep)/\(deployment.totalSteps) \(actions): "
            + counts.joined(separator: "; ")
    }

    /// Why a deployment makes no progress, from the apps framework's queue.
    static func stall(_ deployment: MarathonDeployment, seconds: Double, queue: [MarathonQueueItem]) -> String {
        let reasons = deployment.affectedApps.compactMap { id -> String? in
            guard let item = queue.first(where: { $0.appID == id }) else { return nil }
            return "\(id): \(item.count) waiting to launch: \(item.waitingReason ?? "waiting for offers")"
        }
        let why = reasons.isEmpty
            ? "no instance waits for offers (it waits for tasks to become healthy or ready, or for old ones to stop)"
            : reasons.joined(separator: "; ")
        return "deployment \(deployment.id) stalled: no progress for \(Int(seconds)) s; " + why
    }
}
