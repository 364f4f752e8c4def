import AppsCore
import OfferMatching
import Testing

/// Seeded runs of random offers, status updates, health results, API changes and failovers,
/// with invariants checked after every step.
@Suite struct SimulationTests {
    static let apps = [
        #"{"id":"a","cmd":"a1","instances":3,"cpus":0.5,"mem":256,"healthChecks":[{"protocol":"HTTP","gracePeriodSeconds":5,"maxConsecutiveFailures":2}],"upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0.5}}"#,
        #"{"id":"b","cmd":"b1","instances":2,"cpus":1,"mem":512,"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":0}}"#,
        #"{"id":"c","cmd":"c1","instances":2,"cpus":0.25,"mem":128,"constraints":[["rack","GROUP_BY"]],"upgradeStrategy":{"minimumHealthCapacity":0,"maximumOverCapacity":0}}"#,
    ]

    @Test(arguments: 1...24)
    func randomRunKeepsInvariants(seed: UInt64) {
        var run = SimulationRun(seed: seed)
        for app in Self.apps { run.h.create(app) }
        run.cluster.apply(run.h.directives)
        for _ in 0..<400 { run.step() }
        // quiesce: no more changes, faults or failures; everything converges
        for _ in 0..<200 { run.settle() }
        for id in ["/a", "/b", "/c"] {
            let app = run.h.core.apps[PathID(id)]!
            let alive = run.cluster.aliveTasks.filter { $0.appID == app.id }
            #expect(alive.count == app.instances, "seed \(seed) \(id): \(alive.count) tasks for \(app.instances) instances")
            #expect(alive.allSatisfy { $0.state == .running }, "seed \(seed) \(id)")
        }
        #expect(run.h.core.deployments.isEmpty, "seed \(seed): deployments left \(run.h.core.deploymentList.map(\.id))")
        #expect(run.changes > 0 && run.launches > 0)
    }
}

/// One simulation: the harness (core + store), the fake master, and a seeded random source.
struct SimulationRun {
    var h: AppsHarness
    var cluster = SimulatedCluster(agents: 4)
    var random: SeededIDs
    /// Apps whose capacity bounds may be exceeded because a forced change superseded a deployment.
    var tainted: Set<PathID> = []
    var changes = 0
    var launches = 0
    var version = 1

    init(seed: UInt64) {
        self.h = AppsHarness(seed: seed)
        self.random = SeededIDs(seed: seed &* 7919)
    }

    mutating func chance(_ percent: Int) -> Bool { self.random.below(100) < percent }

    mutating func step() {
        switch self.random.below(100) {
        case 0..<25: self.deliver(.offers(self.cluster.offers()))
        case 25..<45: self.progressTask(failures: true)
        case 45..<60: self.deliverKills()
        case 60..<75: self.healthResults(failures: true)
        case 75..<83: self.deliverStatuses()
        case 83..<88: self.apiChange()
        case 88..<98:
            self.h.now = self.h.now.adding(seconds: Double(1 + self.random.below(20)))
            self.deliver(.tick)
        default: self.failover()
        }
    }

    /// No faults: offers, progress, kills, health OK, time.
    mutating func settle() {
        self.deliver(.offers(self.cluster.offers()))
        self.progressTask(failures: false)
        self.deliverKills()
        self.healthResults(failures: false)
        self.deliverStatuses()
        self.h.now = self.h.now.adding(seconds: 5)
        self.deliver(.tick)
    }

    /// Hands one input to the core, lets the cluster act on the output, checks invariants.
    mutating func deliver(_ input: AppsInput) {
        let healthyBefore = self.healthyNotKilled()
        let output = self.h.handle(input)
        self.cluster.apply(output)
        self.launches += AppsHarness.launches(output).count
        self.checkInvariants(output, healthyBefore: healthyBefore, api: false)
    }

    mutating func progressTask(failures: Bool) {
        for task in self.cluster.aliveTasks where task.state != .running || (failures && self.chance(3)) {
            let next: TaskState = task.state == .running ? .failed : (failures && self.chance(5) ? .failed : .running)
            self.deliver(.statusUpdate(self.cluster.move(task.id, to: next)))
            if failures && self.chance(50) { break }
        }
    }

    mutating func deliverKills() {
        let kills = self.cluster.pendingKills
        self.cluster.pendingKills = []
        for id in kills where self.cluster.tasks[id].map({ !$0.state.isTerminal }) == true {
            self.deliver(.statusUpdate(self.cluster.move(id, to: .killed)))
        }
    }

    mutating func deliverStatuses() {
        let statuses = self.cluster.pendingStatuses
        self.cluster.pendingStatuses = []
        for status in statuses { self.deliver(.statusUpdate(status)) }
    }

    mutating func healthResults(failures: Bool) {
        for task in self.cluster.aliveTasks where task.appID == PathID("/a") && task.state == .running {
            let alive = !(failures && self.chance(10))
            self.deliver(.healthCheckResult(taskID: task.id, checkIndex: 0, alive: alive, cause: alive ? nil : "503"))
        }
    }

    mutating func apiChange() {
        let id = ["/a", "/b", "/c"][self.random.below(3)]
        let force = self.chance(15)
        self.version += 1
        let body: String
        switch self.random.below(3) {
        case 0: body = #"{"instances":\#(self.random.below(5))}"#
        case 1: body = #"{"cmd":"v\#(self.version)"}"#
        default: body = #"{"cmd":"v\#(self.version)","instances":\#(1 + self.random.below(4))}"#
        }
        let before = self.h.directives.count
        let locked = self.h.core.deploymentList.contains { $0.affectedApps.contains(PathID(id)) }
        let result = self.h.perform(.updateApp(id: id, json(body), partial: true, force: force, createIfMissing: false))
        if case .deployment = result {
            self.changes += 1
            if force && locked { self.tainted.insert(PathID(id)) }
        }
        let output = Array(self.h.directives[before...])
        self.cluster.apply(output)
        self.checkInvariants(output, healthyBefore: [:], api: true)
    }

    mutating func failover() {
        let state = PersistedState(records: Array(self.h.store.values))
        let (core, output) = AppsCore.recover(from: state, seed: UInt64(self.random.below(1_000_000)), now: self.h.now)
        self.h.core = core
        self.h.record(output)
        self.cluster.apply(output)
        self.deliver(.subscribed)
    }

    /// Tasks of instances that count as healthy for deployments and are not being killed, by app.
    func healthyNotKilled() -> [PathID: Set<String>] {
        var healthy: [PathID: Set<String>] = [:]
        for instance in self.h.core.instances.values where instance.goal == .running && instance.task?.killRequestedAt == nil {
            guard let task = instance.task, task.isRunning, let app = self.h.core.apps[instance.appID] else { continue }
            if app.healthChecks.isEmpty || self.h.core.healthVerdict(instance) == true { healthy[instance.appID, default: []].insert(task.id) }
        }
        return healthy
    }

    mutating func checkInvariants(_ output: [AppsDirective], healthyBefore: [PathID: Set<String>], api: Bool) {
        for deployment in self.h.core.deploymentList {
            for action in deployment.currentActions where action.kind == .restart {
                guard let progress = deployment.progress[action.appID], progress.maxCapacity > 0,
                    !self.tainted.contains(action.appID), let app = self.h.core.apps[action.appID]
                else { continue }
                let alive = self.cluster.aliveTasks.count { $0.appID == action.appID }
                // maxCapacity = floor(instances * (1 + maximumOverCapacity)), +1 when equal to minHealthy.
                // Old tasks above it (a scale-down) may live until killed, but no launch may exceed it.
                if AppsHarness.launches(output).contains(where: { $0.appID == action.appID }) {
                    #expect(alive <= progress.maxCapacity, "\(action.appID): \(alive) tasks > maxCapacity \(progress.maxCapacity)")
                }
                let minHealthy = Int((Double(app.instances) * app.upgradeStrategy.minimumHealthCapacity).rounded(.up))
                // Killing a healthy task never takes the app below minHealthy (or below where it was).
                let healthyAfter = self.healthyNotKilled()[action.appID]?.count ?? 0
                let before = healthyBefore[action.appID] ?? []
                let killedHealthy = AppsHarness.kills(output).filter(before.contains)
                if !api && !killedHealthy.isEmpty {
                    #expect(healthyAfter >= min(minHealthy, before.count), "\(action.appID): healthy \(before.count) -> \(healthyAfter) below \(minHealthy)")
                }
            }
        }
        if self.h.core.deploymentList.isEmpty { self.tainted = [] }
        self.checkInstanceCounts()
    }

    /// The counts `converge` reads are what counting the instances gives.
    func checkInstanceCounts() {
        let instances = Array(self.h.core.instances.values)
        for appID in Set(instances.map(\.appID)).union(self.h.core.apps.keys) {
            let counted = InstanceCounts(counting: instances.filter { $0.appID == appID })
            #expect(self.h.core.instances.counts(of: appID) == counted, "\(appID)")
        }
    }
}
