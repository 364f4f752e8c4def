import AppsCore
import OfferMatching
import Testing

/// Rolling restarts with Marathon's capacity bounds (reference §4.2). Each test writes the
/// expected sequence of (old alive, new alive) counts in comments.
@Suite struct RollingRestartTests {
    /// An app with `instances` running tasks of config v1; returns the harness and old task IDs.
    func running(_ instances: Int, minimumHealth: Double, maximumOver: Double, extra: String = "") -> (AppsHarness, [String]) {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"v1","instances":\#(instances),"upgradeStrategy":{"minimumHealthCapacity":\#(minimumHealth),"maximumOverCapacity":\#(maximumOver)}\#(extra)}"#)
        let launches = h.offer()
        h.runAll(launches)
        for launch in launches where !extra.isEmpty {
            h.handle(.healthCheckResult(taskID: launch.taskID, checkIndex: 0, alive: true, cause: nil))
            h.handle(.readinessCheckResult(ReadinessResult(name: "ready", taskID: launch.taskID, ready: true)))
        }
        #expect(h.core.deployments.isEmpty)
        return (h, launches.map(\.taskID))
    }

    /// (old tasks alive, new tasks alive), counting launched non-terminal tasks.
    func split(_ h: AppsHarness, old: [String]) -> (Int, Int) {
        let tasks = h.tasks("/web")
        let oldAlive = tasks.count { old.contains($0.id) }
        return (oldAlive, tasks.count - oldAlive)
    }

    /// Kills requested in `directives` are answered with TASK_KILLED.
    func confirmKills(_ h: inout AppsHarness, _ directives: [AppsDirective]) {
        for id in AppsHarness.kills(directives) { h.status(id, .killed) }
    }

    @Test func defaultStrategyStartsAllNewBeforeKillingOld() throws {
        var (h, old) = self.running(4, minimumHealth: 1, maximumOver: 1)
        // minHealthy = 4, maxCapacity = 8, killNow = 4 - 4 = 0
        let before = h.directives.count
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        #expect(AppsHarness.kills(Array(h.directives[before...])).isEmpty)
        let fresh = h.offer()
        #expect(fresh.count == 4)  // leftCapacity = 8 - 4 old - 0 = 4
        #expect(self.split(h, old: old) == (4, 4))
        // each new running task allows one old kill: (4,4) -> (3,4) -> ... -> (0,4)
        for (index, launch) in fresh.enumerated() {
            let output = h.status(launch.taskID, .running)
            #expect(AppsHarness.kills(output).count == 1)
            self.confirmKills(&h, output)
            #expect(self.split(h, old: old) == (3 - index, 4))
        }
        #expect(h.core.deployments.isEmpty)
    }

    @Test func halfCapacityKillsHalfAtOnceAndNeverExceedsInstances() throws {
        var (h, old) = self.running(4, minimumHealth: 0.5, maximumOver: 0)
        // minHealthy = 2, maxCapacity = 4, killNow = 4 - 2 = 2
        let before = h.directives.count
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        let immediate = AppsHarness.kills(Array(h.directives[before...]))
        #expect(immediate.count == 2)
        // killed tasks still count until terminal: leftCapacity = 4 - 4 = 0, nothing launches
        #expect(h.offer().isEmpty)
        for id in immediate { h.status(id, .killed) }
        #expect(self.split(h, old: old) == (2, 0))
        // (2,0) -> launch 2 -> (2,2)
        let fresh = h.offer()
        #expect(fresh.count == 2)
        // each new running allows one more kill: (2,2) -> (1,2) -> (0,2)
        for launch in fresh { self.confirmKills(&h, h.status(launch.taskID, .running)) }
        #expect(self.split(h, old: old) == (0, 2))
        // capacity freed: the last 2 launch -> (0,4)
        let rest = h.offer()
        #expect(rest.count == 2)
        h.runAll(rest)
        #expect(self.split(h, old: old) == (0, 4))
        #expect(h.core.deployments.isEmpty)
    }

    @Test func equalBoundsAllowOneExtraInstance() throws {
        var (h, old) = self.running(3, minimumHealth: 1, maximumOver: 0)
        // minHealthy = 3 = maxCapacity and 3 <= healthy: maxCapacity becomes 4, killNow = 0
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        var sequence: [String] = []
        for _ in 0..<3 {
            let launched = h.offer()
            #expect(launched.count == 1)  // one at a time: 4 - 3 alive
            sequence.append("\(self.split(h, old: old))")
            self.confirmKills(&h, h.status(launched[0].taskID, .running))
        }
        // (3,1) -> kill -> (2,1) -> launch -> (2,2) -> kill -> (1,2) -> launch -> (1,3) -> kill -> (0,3)
        #expect(sequence == ["(3, 1)", "(2, 2)", "(1, 3)"])
        #expect(self.split(h, old: old) == (0, 3))
        #expect(h.core.deployments.isEmpty)
    }

    @Test func zeroCapacityReplacesEverythingAtOnce() throws {
        var (h, old) = self.running(3, minimumHealth: 0, maximumOver: 0)
        // minHealthy = 0, maxCapacity = 3, killNow = 3
        let before = h.directives.count
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        let kills = AppsHarness.kills(Array(h.directives[before...]))
        #expect(kills.count == 3)
        for id in kills { h.status(id, .killed) }
        let fresh = h.offer()
        #expect(fresh.count == 3)
        h.runAll(fresh)
        #expect(self.split(h, old: old) == (0, 3))
        #expect(h.core.deployments.isEmpty)
    }

    @Test func newInstancesMustBeHealthyBeforeOldOnesAreKilled() throws {
        var (h, old) = self.running(2, minimumHealth: 1, maximumOver: 0.5, extra: #","healthChecks":[{"protocol":"HTTP","gracePeriodSeconds":30}]"#)
        // minHealthy = 2, maxCapacity = floor(2 * 1.5) = 3, killNow = 0
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        let first = h.offer()
        #expect(first.count == 1)
        var output = h.status(first[0].taskID, .running)
        #expect(AppsHarness.kills(output).isEmpty)  // running but not yet healthy
        #expect(output.contains { if case .startHealthChecks(let target) = $0 { return target.taskID == first[0].taskID }; return false })
        output = h.handle(.healthCheckResult(taskID: first[0].taskID, checkIndex: 0, alive: true, cause: nil))
        #expect(AppsHarness.kills(output).count == 1)
        self.confirmKills(&h, output)
        #expect(self.split(h, old: old) == (1, 1))
        let second = h.offer()
        #expect(second.count == 1)
        h.status(second[0].taskID, .running)
        self.confirmKills(&h, h.handle(.healthCheckResult(taskID: second[0].taskID, checkIndex: 0, alive: true, cause: nil)))
        #expect(self.split(h, old: old) == (0, 2))
        #expect(h.core.deployments.isEmpty)
    }

    @Test func readinessGatesTheNextKill() throws {
        var (h, old) = self.running(
            1, minimumHealth: 1, maximumOver: 1,
            extra: #","portDefinitions":[{"port":0,"name":"http-api"}],"readinessChecks":[{"name":"ready","portName":"http-api"}]"#)
        _ = h.update("/web", #"{"cmd":"v2"}"#)
        let fresh = h.offer()
        let output = h.status(fresh[0].taskID, .running)
        #expect(AppsHarness.kills(output).isEmpty)
        #expect(output.contains { if case .startReadinessChecks(let target) = $0 { return target.checks.first?.port == fresh[0].hostPorts[0] }; return false })
        h.handle(.readinessCheckResult(ReadinessResult(name: "ready", taskID: fresh[0].taskID, ready: false)))
        #expect(self.split(h, old: old) == (1, 1))
        let ready = h.handle(.readinessCheckResult(ReadinessResult(name: "ready", taskID: fresh[0].taskID, ready: true)))
        #expect(AppsHarness.kills(ready) == old)
        #expect(ready.contains(.stopReadinessChecks(taskID: fresh[0].taskID)))
    }

    @Test func restartStrategyTable() {
        let cases: [(Int, Double, Double, Int, Int, RestartStrategy)] = [
            // instances, minHealth, maxOver, healthy, current -> killNow, maxCapacity
            (4, 1, 1, 4, 4, RestartStrategy(killImmediately: 0, maxCapacity: 8)),
            (4, 0.5, 0, 4, 4, RestartStrategy(killImmediately: 2, maxCapacity: 4)),
            (3, 1, 0, 3, 3, RestartStrategy(killImmediately: 0, maxCapacity: 4)),  // equal bounds -> +1
            (3, 1, 0, 2, 3, RestartStrategy(killImmediately: 0, maxCapacity: 3)),  // 3 > healthy: no +1
            (3, 0, 0, 3, 3, RestartStrategy(killImmediately: 3, maxCapacity: 3)),
            (5, 0.7, 0.3, 5, 5, RestartStrategy(killImmediately: 1, maxCapacity: 6)),  // ceil(3.5)=4, floor(6.5)=6
            (2, 1, 1, 2, 5, RestartStrategy(killImmediately: 3, maxCapacity: 4)),  // extras: 5 - 2 = 3
        ]
        for (instances, minHealth, maxOver, healthy, current, expected) in cases {
            let strategy = RestartStrategy.compute(
                instances: instances, upgrade: UpgradeStrategy(minimumHealthCapacity: minHealth, maximumOverCapacity: maxOver),
                consideredHealthy: healthy, currentInstances: current)
            #expect(strategy == expected, "\(instances) \(minHealth) \(maxOver) \(healthy) \(current)")
        }
    }
}
