import AgentCore
import AgoraModel
import AgoraWire

extension AgentShell {
    /// The URIs to fetch before the executor starts: the tasks' command URIs for the
    /// built-in executor, the ExecutorInfo's for a framework's own.
    nonisolated static func uris(for launch: ExecutorLaunch) -> [FetchURI] {
        if launch.isCommandExecutor {
            return launch.tasks.flatMap { task -> [FetchURI] in
                guard !task.payload.isEmpty, task.hasCommand else { return [] }
                return task.proto.command.uris.map(FetchURI.init)
            }
        }
        guard !launch.executor.payload.isEmpty else { return [] }
        return launch.executor.proto.command.uris.map(FetchURI.init)
    }

    /// Fetches the launch's URIs into its sandbox off the actor, then starts the executor
    /// — unless the fetch failed (its tasks fail with REASON_CONTAINER_LAUNCH_FAILED and
    /// the URI in the message) or the executor was killed meanwhile.
    func fetchThenSpawn(_ launch: ExecutorLaunch, _ uris: [FetchURI]) {
        let fetcher = self.fetcher
        Task { [weak self] in
            do {
                try await fetcher.fetch(uris, into: launch.sandbox)
                await self?.fetched(launch, failure: nil)
            } catch {
                await self?.fetched(launch, failure: "\(error)")
            }
        }
    }

    private func fetched(_ launch: ExecutorLaunch, failure: String?) {
        guard self.core.executorByContainerID(launch.containerID)?.phase == .launching else {
            // Killed or shut down while its URIs were being fetched.
            self.apply(self.core.containerExited(launch.containerID, waitStatus: nil, now: self.now))
            return
        }
        if let failure {
            self.logger.warning("fetching failed", metadata: ["executor.id": "\(launch.executor.executorID)", "error": "\(failure)"])
            self.apply(self.core.launchFailed(launch.containerID, message: failure, now: self.now))
            return
        }
        self.spawn(launch)
    }
}
