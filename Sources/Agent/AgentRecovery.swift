import AgentCore
import AgoraModel
import AgoraPosix
import Logging

/// What to do with the checkpoint of an earlier run (Mesos `--recover`).
public enum RecoveryMode: String, Sendable, CaseIterable {
    /// Re-adopt the executors that still run, let them reconnect, resend unacknowledged
    /// updates and re-register under the same agent ID.
    case reconnect
    /// Kill every executor the checkpoint names and start without them (same agent ID).
    case cleanup
}

/// The agent's start-up against its checkpoint: open it, then recover from it or clean it up.
struct AgentRecovery {
    var store: CheckpointStore
    var contents: CheckpointContents?

    static func prepare(workDir: String, mode: RecoveryMode, logger: Logger) throws -> AgentRecovery {
        if mode == .cleanup {
            let killed = try CheckpointStore.cleanUp(workDir: workDir)
            logger.info("recover=cleanup: killed the executors of the checkpoint and discarded it", metadata: [
                "killed": "\(killed.map(\.pid))",
            ])
        }
        var store = try CheckpointStore(workDir: workDir)
        let contents = try store.read()
        if let contents {
            let alive = contents.runs.filter(\.executor.isAlive).count
            logger.info("recovering from the checkpoint", metadata: [
                "agent.id": "\(contents.agent.id)", "executors.alive": "\(alive)", "executors.gone": "\(contents.runs.count - alive)",
            ])
        }
        return AgentRecovery(store: store, contents: contents)
    }

    /// The port to bind: the one given, or — for `--port 0` — the one of the last run, so
    /// that executors find their agent again at the endpoint they were given.
    func port(requested: Int) -> Int {
        guard requested == 0, let port = self.contents?.agent.port, port > 0 else { return requested }
        return port
    }

    /// The core's starting point: `agent` with the checkpointed ID, and what ran.
    func state(for agent: AgentDescriptor) -> RecoveredState? {
        guard let contents = self.contents else { return nil }
        var agent = agent
        agent.id = AgentID(contents.agent.id)
        return RecoveredState(agent: agent, frameworks: contents.frameworks, executors: contents.runs.map(\.executor))
    }
}
