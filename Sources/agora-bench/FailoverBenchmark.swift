import AgoraPosix
import AgoraCommandLine
import ArgumentParser
import Foundation
import LocalZooKeeper

#if canImport(Glibc)
import Glibc
#endif

/// `agora-bench failover`: a real ZooKeeper, `--masters` masters and an agent on loopback,
/// and an SDK framework running `--tasks` tasks. It SIGKILLs the leading master and times,
/// from the kill, the election of the next leader, the framework's re-subscription, the
/// reconciliation of every task (explicit, retried as Mesos asks) and the first new offer.
struct FailoverBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "failover", abstract: "Time a master failover end to end.")

    @Option(help: "Number of masters.") var masters = 3
    @Option(help: "Running tasks when the leader dies.") var tasks = 100
    @Option(help: "The masters' ZooKeeper session timeout.") var sessionTimeout: Duration = .seconds(2)

    func validate() throws {
        guard self.masters >= 2, self.tasks > 0 else { throw ValidationError("--masters must be ≥ 2 and --tasks positive") }
    }

    func run() async throws {
        let cluster = try await FailoverCluster.start(masters: self.masters, sessionTimeout: self.sessionTimeout)
        print("cluster: ZooKeeper \(cluster.url), \(self.masters) masters, logs in \(cluster.directory)")
        do {
            let run = try FailoverRun(master: cluster.url, tasks: self.tasks)
            let leader = try await cluster.leader()
            let killed = KillRecord()
            // The election is watched from the kill on, beside the framework.
            async let elected = cluster.nextLeader(after: await killed.wait(), excluding: leader)
            let framework = try await run.run {
                let at = ContinuousClock.now
                cluster.kill(leader)
                await killed.set(at)
                return at
            }
            let result = FailoverResult(
                masters: self.masters, tasks: self.tasks, sessionTimeout: self.sessionTimeout, elected: try await elected,
                framework: framework)
            await run.stop()
            await cluster.stop()
            print(result.json)
        } catch {
            await cluster.stop()
            throw error
        }
    }
}

/// The figures, in milliseconds from the kill.
struct FailoverResult {
    let masters: Int
    let tasks: Int
    let sessionTimeout: Duration
    let elected: Duration
    let framework: FailoverRun.Timings

    var json: String {
        func ms(_ duration: Duration) -> String { String(Int((duration.seconds * 1000).rounded())) }
        let fields: [(String, String)] = [
            ("masters", "\(self.masters)"), ("tasks", "\(self.tasks)"), ("session_timeout_ms", ms(self.sessionTimeout)),
            ("elected_ms", ms(self.elected)), ("resubscribed_ms", ms(self.framework.resubscribed)),
            ("reconciled_ms", ms(self.framework.reconciled)), ("first_offer_ms", ms(self.framework.firstOffer)),
            ("tasks_lost", "\(self.framework.tasksLost)"),
            ("target_first_offer_ms", ms(self.sessionTimeout + .seconds(1))),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// When the leader was killed, for whoever waits for it.
actor KillRecord {
    private var at: ContinuousClock.Instant?
    private var waiters: [CheckedContinuation<ContinuousClock.Instant, Never>] = []

    func set(_ instant: ContinuousClock.Instant) {
        self.at = instant
        for waiter in self.waiters { waiter.resume(returning: instant) }
        self.waiters = []
    }

    func wait() async -> ContinuousClock.Instant {
        if let at { return at }
        return await withCheckedContinuation { self.waiters.append($0) }
    }
}
