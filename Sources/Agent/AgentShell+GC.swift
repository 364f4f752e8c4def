import AgentCore
import AgoraModel
import Foundation

extension AgentShell {
    /// A completed run's sandbox and checkpoint go after the GC delay.
    func scheduleRemoval(_ frameworkID: FrameworkID, _ executorID: ExecutorID, _ containerID: ContainerID, sandbox: String) {
        var paths = [sandbox]
        if let meta = self.store.runDirectory(frameworkID, executorID, containerID) { paths.append(meta) }
        self.gc.schedule(paths, completedAt: self.clock.now)
    }

    /// At start: sandboxes an earlier run left (those of executors the agent did not
    /// recover) go `--gc-delay` after they were last touched.
    func scheduleLeftovers() {
        let live = Set(self.core.executors.values.flatMap { $0.values.map(\.sandbox) })
        let leftovers = SandboxGC.leftovers(in: self.settings.core.workDir, live: live)
        for (path, modified) in leftovers {
            let age = Duration.seconds(fractional: max(0, Date().timeIntervalSince(modified)))
            self.gc.schedule([path, self.metaDirectory(ofSandbox: path)], completedAt: self.clock.now - age)
        }
        if !leftovers.isEmpty { self.logger.info("old sandboxes scheduled for removal", metadata: ["count": "\(leftovers.count)"]) }
    }

    /// Removes what is due, off the actor.
    func collectGarbage() {
        let due = self.gc.due(now: self.clock.now)
        guard !due.isEmpty else { return }
        let logger = self.logger
        Task.detached { SandboxGC.remove(due, logger: logger) }
    }

    /// `<work_dir>/slaves/<a>/...` → its checkpoint directory `<work_dir>/meta/slaves/<a>/...`.
    private func metaDirectory(ofSandbox sandbox: String) -> String {
        let workDir = self.settings.core.workDir
        let relative = sandbox.dropFirst(workDir.count + 1).split(separator: "/").map { PathComponent.safe(String($0)) }
        return self.store.root + "/" + relative.joined(separator: "/")
    }
}
