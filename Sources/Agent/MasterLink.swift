import AgoraHTTPClient
import AgoraWire
import Logging
import ServiceLifecycle

/// Keeps the agent registered: subscribes to the master, feeds its events to the shell,
/// and when the stream breaks (or goes silent for three heartbeat intervals) registers
/// again with backoff, reporting what the agent runs.
struct MasterLink: Service {
    let shell: AgentShell

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.shell.waitUntilListening()
            var delay: Duration = .milliseconds(100)
            while !Task.isCancelled {
                if await self.session() { delay = .milliseconds(100) }
                await self.shell.masterStreamClosed()
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, self.shell.settings.maxReconnectDelay)
            }
        }
    }

    /// One registration and its event stream; true when the master accepted the agent.
    private func session() async -> Bool {
        let url = "http://\(self.shell.settings.master)/api/v1/agent"
        do {
            let subscription = try await self.shell.client.subscribe(
                await self.shell.subscribeCall(), to: url, expecting: AgentEventMessage.self, connectTimeout: .seconds(5))
            await self.shell.masterStreamOpened(streamID: subscription.streamID)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await event in subscription.events {
                        await self.shell.handleMasterEvent(event)
                    }
                }
                group.addTask { try await self.watchdog() }
                try await group.next()
                group.cancelAll()
            }
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
