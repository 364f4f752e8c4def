import AgoraHTTP
import Coordination
import Foundation
import Logging
import StateStore

/// HA mode: runs this master's candidacy in the ZooKeeper group at `url.path` (Mesos's
/// layout, `json.info_NNNNNNNNNN` nodes holding MasterInfo JSON), leads while elected, and
/// follows the leader otherwise.
///
/// Each term has its own master ID and its own group node: a master that loses leadership
/// for any reason (ZooKeeper connection or session lost, registry write refused) steps down
/// at once, withdraws, and contends again as a new member. IDs it hands out (frameworks,
/// agents, offers) therefore never repeat across terms.
struct Candidacy {
    let shell: MasterShell
    let zooKeeper: ZooKeeperSettings
    let logger: Logger

    /// Where the registry lives: the child Mesos keeps for its replicated log, which
    /// Mesos-aware tools (pymesos's detector) already skip.
    var registryRoot: String { self.zooKeeper.url.path + "/log_replicas" }

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.followLeader() }
            group.addTask { try await self.contend() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Keeps the shell told who leads, for redirects and `/master/state`.
    private func followLeader() async {
        let detector = LeaderDetector(url: self.zooKeeper.url, sessionTimeout: self.zooKeeper.sessionTimeout, logger: self.logger)
        for await leader in detector.changes() {
            await self.shell.follow(leader.flatMap(Self.address))
        }
        await detector.stop()
    }

    private func contend() async throws {
        while !Task.isCancelled {
            let masterID = UUID().uuidString.lowercased()
            let info = try MesosJSON.encode(await self.shell.masterInfo(id: masterID))
            let contender = LeaderContender(
                url: self.zooKeeper.url, data: info, sessionTimeout: self.zooKeeper.sessionTimeout, logger: self.logger)
            contender.start()
            let ending = await withTaskCancellationHandler {
                await self.serve(term: masterID, contender)
            } onCancel: {
                Task { await contender.withdraw() }
            }
            await self.shell.stepDown(reason: ending)
            await contender.withdraw()
            if case .fatal(let reason) = TermEnding(ending) { throw MasterFailure(reason: reason) }
        }
    }

    /// Serves one term; returns why it ended.
    private func serve(term masterID: String, _ contender: LeaderContender) async -> String {
        let (failures, reportFailure) = AsyncStream<String>.makeStream()
        return await withTaskGroup(of: String.self) { group in
            group.addTask {
                for await leadership in contender.leadership() {
                    switch leadership {
                    case .notElected: continue
                    case .lost(let loss): return "leadership lost: \(loss)"
                    case .elected:
                        if let problem = await self.lead(masterID, contender, onFailure: { reportFailure.yield($0) }) { return problem }
                    }
                }
                return "leadership stream ended"
            }
            group.addTask {
                for await failure in failures { return failure }
                return "cancelled"
            }
            let ending = await group.next() ?? "cancelled"
            group.cancelAll()
            reportFailure.finish()
            return ending
        }
    }

    /// Takes over as leader; returns why it could not.
    private func lead(
        _ masterID: String, _ contender: LeaderContender, onFailure: @escaping @Sendable (String) -> Void
    ) async -> String? {
        guard let membership = contender.membership else { return "elected without a membership" }
        let store = ZooKeeperStateStore(client: membership.client, root: self.registryRoot, fence: membership.node)
        do {
            try await self.shell.lead(masterID: masterID, storage: StoredRegistry(store: store), onFailure: onFailure)
            self.logger.info("elected leader", metadata: ["master.id": "\(masterID)", "zk.node": "\(membership.node)"])
            return nil
        } catch let error as RegistryCodec.Unreadable {
            return TermEnding.fatalPrefix + "cannot recover the registry: \(error)"
        } catch {
            return "cannot load the registry: \(error)"
        }
    }

    /// Where to redirect to; nil (no redirect, 503) when the leader's node is not MasterInfo JSON.
    static func address(_ leader: LeaderInfo) -> LeaderAddress? {
        guard let info = try? MasterInfo.decode(leader.data), let port = info.address?.port ?? info.port else { return nil }
        guard let host = info.hostname ?? info.address?.hostname ?? info.address?.ip else { return nil }
        return LeaderAddress(hostname: host, port: port, infoJSON: leader.data)
    }
}

/// Whether a term's end allows contending again.
enum TermEnding {
    static let fatalPrefix = "fatal: "
    case retry
    case fatal(String)

    init(_ reason: String) {
        self = reason.hasPrefix(Self.fatalPrefix) ? .fatal(String(reason.dropFirst(Self.fatalPrefix.count))) : .retry
    }
}

/// HA mode's settings: the group and the session timeout.
public struct ZooKeeperSettings: Sendable, Equatable {
    public var url: ZooKeeperURL
    public var sessionTimeout: Duration

    public init(url: ZooKeeperURL, sessionTimeout: Duration = .seconds(10)) {
        self.url = url
        self.sessionTimeout = sessionTimeout
    }
}
