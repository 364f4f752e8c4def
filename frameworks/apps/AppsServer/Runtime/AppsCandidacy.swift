import AppsCore
import Coordination
import Foundation
import Logging
import StateStore

/// HA mode: the servers sharing `zk://.../path` elect one leader (`<path>/leader`); the
/// leader keeps the apps state in ZooKeeper (`<path>/state`, writes fenced by its election
/// node, so a deposed leader cannot write), the others forward requests to it. Each term
/// has its own election node: a leader that loses its session, fails to write or abdicates
/// steps down, withdraws and stands again.
struct AppsCandidacy {
    let runtime: AppsRuntime
    let url: ZooKeeperURL
    let sessionTimeout: Duration
    let logger: Logger

    func run() async throws {
        let group = try Self.child(self.url, "leader")
        let statePath = self.url.path + "/state"
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await self.followLeader(group) }
            tasks.addTask { await self.contend(group, statePath: statePath) }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    /// `url` with `/name` appended to its path.
    static func child(_ url: ZooKeeperURL, _ name: String) throws -> ZooKeeperURL {
        let auth = url.credentials.map { "\($0.user):\($0.password)@" } ?? ""
        return try ZooKeeperURL.parse("zk://\(auth)\(url.servers)\(url.path)/\(name)")
    }

    /// Keeps the shell told who leads while it does not.
    private func followLeader(_ group: ZooKeeperURL) async {
        let detector = LeaderDetector(url: group, label: "member", sessionTimeout: self.sessionTimeout, logger: self.logger)
        for await leader in detector.changes() {
            let address = leader.map { String(decoding: $0.data, as: UTF8.self) }
            if case .leading = await self.runtime.shell.role { continue }
            await self.runtime.shell.setRole(.standby(leader: address == self.runtime.address ? nil : address))
        }
        await detector.stop()
    }

    private func contend(_ group: ZooKeeperURL, statePath: String) async {
        while !Task.isCancelled {
            let contender = LeaderContender(
                url: group, data: Array(self.runtime.address.utf8), label: "member", sessionTimeout: self.sessionTimeout, logger: self.logger)
            contender.start()
            let reason = await withTaskCancellationHandler {
                await self.serve(contender, statePath: statePath)
            } onCancel: {
                Task { await contender.withdraw() }
            }
            await self.runtime.shell.stepDown(reason: reason)
            await self.runtime.shell.setRole(.standby(leader: nil))
            await contender.withdraw()
            self.logger.info("apps leadership term over: \(reason)")
        }
    }

    /// Waits to be elected, leads until the term ends; returns why it ended.
    private func serve(_ contender: LeaderContender, statePath: String) async -> String {
        for await leadership in contender.leadership() {
            guard case .elected = leadership else {
                if case .lost(let loss) = leadership { return "leadership lost: \(loss)" }
                continue
            }
            guard let membership = contender.membership else { return "elected without a membership" }
            let store = ZooKeeperStateStore(client: membership.client, root: statePath, fence: membership.node)
            await self.runtime.shell.setRole(.leading(address: self.runtime.address))
            self.logger.info("elected apps leader", metadata: ["zk.node": "\(membership.node)"])
            return await withTaskGroup(of: String.self) { group in
                group.addTask { await self.runtime.runTerm(persistence: AppsPersistence(store: store)) }
                group.addTask {
                    for await next in contender.leadership() where next != .elected { return "leadership: \(next)" }
                    return "the election ended"
                }
                let reason = await group.next() ?? "cancelled"
                group.cancelAll()
                return reason
            }
        }
        return "the election ended"
    }
}
