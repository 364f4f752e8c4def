import AgoraHTTPClient
import AgoraWire
import Coordination
import Logging
import ServiceLifecycle

/// Keeps the agent registered: subscribes to the master, feeds its events to the shell,
/// and when the stream breaks (or goes silent for three heartbeat intervals) registers
/// again with backoff, reporting what the agent runs.
struct MasterLink: Service {
    let shell: AgentShell
    /// The leading master, found directly or in ZooKeeper (`--master zk://...`).
    let leaders: LeaderTracker

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.shell.waitUntilListening()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.leaders.run() }
                group.addTask { await self.keepRegistered() }
                await group.next()
                group.cancelAll()
            }
            await self.leaders.stop()
        }
    }

    private func keepRegistered() async {
        var delay: Duration = .milliseconds(100)
        while !Task.isCancelled {
            let version = await self.leaders.version
            guard let leader = await self.leaders.leader else {
                await self.leaders.change(after: version)
                continue
            }
            if await self.session(leader, leaderVersion: version) { delay = .milliseconds(100) }
            await self.shell.masterStreamClosed()
            // A new leader is tried at once; the same one after a growing pause.
            await self.leaders.pause(delay, orUntilChangeAfter: version)
            delay = min(delay * 2, self.shell.settings.maxReconnectDelay)
        }
    }

    /// One registration with `leader` and its event stream, until it breaks, goes silent or
    /// another master takes office; true when the master accepted the agent.
    private func session(_ leader: String, leaderVersion: Int) async -> Bool {
        let url = leader + "/api/v1/agent"
        do {
            // A new leader ends the session at any point, even while still connecting: the
            // HTTP client retries a refused connection until its deadline.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let subscription = try await self.shell.client.subscribe(
                        await self.shell.subscribeCall(), to: url, expecting: AgentEventMessage.self, connectTimeout: .seconds(5))
                    await self.shell.masterStreamOpened(streamID: subscription.streamID, url: url)
                    try await withThrowingTaskGroup(of: Void.self) { stream in
                        stream.addTask {
                            for try await event in subscription.events { await self.shell.handleMasterEvent(event) }
                        }
                        stream.addTask { try await self.watchdog() }
                        try await stream.next()
                        stream.cancelAll()
                    }
                }
                group.addTask { await self.leaders.change(after: leaderVersion) }
                try await group.next()
                group.cancelAll()
            }
        } catch let refused as V1CallError where refused.status == 401 || refused.status == 403 {
            // Retrying will not help until the operator fixes the credential or the ACLs.
            self.shell.logger.warning(
                "the master refused the agent's registration (see --credential and the master's ACLs)", metadata: ["error": "\(refused)"])
        } catch {
            self.shell.logger.debug("master link broke", metadata: ["error": "\(error)"])
        }
        return await self.shell.isRegistered
    }

    /// Fails when the master has been silent for three heartbeat intervals.
    private func watchdog() async throws {
        while true {
            try await Task.sleep(for: .milliseconds(500))
            if await self.shell.masterSilentTooLong() { throw MasterSilent() }
        }
    }

    struct MasterSilent: Error {}
}
