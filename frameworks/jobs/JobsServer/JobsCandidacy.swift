import Coordination
import JobsCore
import Logging
import StateStore

/// HA mode: every `agora jobs` with the same `--zk` URL contends for leadership of the group
/// at the URL's path (ephemeral sequential `member_NNNNNNNNNN` nodes holding
/// `{"hostname","port"}`). The leader keeps its state under `<path>/state`, each write fenced
/// by its membership node, so a deposed leader can change nothing; standbys follow the leader
/// and proxy requests to it. A term that ends for any reason withdraws and contends anew.
struct JobsCandidacy {
    let shell: JobsShell
    let url: ZooKeeperURL
    let sessionTimeout: Duration
    /// `host:port` other instances reach this one at.
    let advertised: String
    let makeDriver: DriverFactory
    let logger: Logger

    static let label = "member"

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.followLeader() }
            group.addTask { await self.contend() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Keeps the shell told who leads, for proxying and `/leader`.
    private func followLeader() async {
        let detector = LeaderDetector(url: self.url, label: Self.label, sessionTimeout: self.sessionTimeout, logger: self.logger)
        for await leader in detector.changes() {
            await self.shell.follow(leader: leader.flatMap { Self.address(from: $0.data) })
        }
        await detector.stop()
    }

    private func contend() async {
        while !Task.isCancelled {
            let contender = LeaderContender(
                url: self.url, data: Self.data(self.advertised), label: Self.label, sessionTimeout: self.sessionTimeout, logger: self.logger)
            contender.start()
            let ending = await withTaskCancellationHandler {
                await self.serve(contender)
            } onCancel: {
                Task { await contender.withdraw() }
            }
            await self.shell.stepDown(reason: ending)
            await contender.withdraw()
        }
    }

    /// One membership: leads while elected; returns why it ended.
    private func serve(_ contender: LeaderContender) async -> String {
        let (failures, reportFailure) = AsyncStream<String>.makeStream()
        return await withTaskGroup(of: String.self) { group in
            group.addTask {
                for await leadership in contender.leadership() {
                    switch leadership {
                    case .notElected: continue
                    case .lost(let loss): return "leadership lost: \(loss)"
                    case .elected:
                        if let problem = await self.lead(contender, onFailure: { reportFailure.yield($0) }) { return problem }
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
    private func lead(_ contender: LeaderContender, onFailure: @escaping @Sendable (String) -> Void) async -> String? {
        guard let membership = contender.membership else { return "elected without a membership" }
        let store = ZooKeeperStateStore(client: membership.client, root: self.url.path + "/state", fence: membership.node)
        do {
            try await self.shell.lead(storage: JobsStorage(store: store), makeDriver: self.makeDriver, onFailure: onFailure)
            self.logger.info("elected leader", metadata: ["zk.node": "\(membership.node)"])
            return nil
        } catch {
            return "cannot load the state: \(error)"
        }
    }

    /// The member data: `{"hostname":…,"port":…}`.
    static func data(_ address: String) -> [UInt8] {
        let parts = address.split(separator: ":", maxSplits: 1).map(String.init)
        return JSONValue.object([("hostname", .string(parts[0])), ("port", .number(Double(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)))]).bytes
    }

    /// `host:port` from member data, nil when it is not ours (then no leader can be proxied to,
    /// and requests get 503 naming that).
    static func address(from data: [UInt8]) -> String? {
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch { return nil }
        guard let host = json["hostname"]?.stringValue, let port = json["port"]?.numberValue else { return nil }
        return "\(host):\(Int(port))"
    }
}
