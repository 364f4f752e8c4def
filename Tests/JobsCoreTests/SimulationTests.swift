import Foundation
import JobsCore
import OfferMatching
import Testing

/// Seeded runs of offers, task progress and failures, kills, time, API calls through both
/// views, and restarts (some losing launches that were persisted but never sent), with the
/// invariants checked after every step.
@Suite struct SimulationTests {
    @Test(arguments: 1...16)
    func randomRunKeepsInvariants(seed: UInt64) {
        var run = JobsSimulation(seed: seed)
        run.createJobs()
        for _ in 0..<400 { run.step() }
        for _ in 0..<60 { run.settle() }
        run.checkInvariants()
        #expect(run.cluster.everLaunched.count > 10, "seed \(seed): \(run.cluster.everLaunched.count) launches")
        #expect(run.restarts > 0 && run.successes > 0, "seed \(seed)")
    }
}

struct JobsSimulation {
    static let bodies: [(id: String, chronos: ChronosJobKind?, body: String)] = [
        ("minutely", nil, #"{"id":"minutely","run":{"cmd":"m","cpus":1,"mem":64,"restart":{"policy":"ON_FAILURE","activeDeadlineSeconds":600}},"schedules":[{"id":"every-minute","cron":"* * * * *","startingDeadlineSeconds":120}]}"#),
        ("burst", .scheduled, #"{"name":"burst","command":"b","schedule":"R/2026-03-01T00:00:30Z/PT2M","missedRunPolicy":"runAll","concurrent":true,"cpus":0.5}"#),
        ("skipper", .scheduled, #"{"name":"skipper","command":"s","schedule":"R/2026-03-01T00:01:00Z/PT3M","missedRunPolicy":"skip","maxCompletionTime":200,"constraints":[["rack","EQUALS","r2"]]}"#),
        ("child", .dependent, #"{"name":"child","command":"c","parents":["burst","skipper"],"softError":true,"retries":1}"#),
        ("manual", nil, #"{"id":"manual","run":{"cmd":"x","cpus":0.2,"mem":32}}"#),
    ]

    var h: JobsHarness
    var cluster = SimulatedCluster()
    var random: SeededIDs
    var restarts = 0
    /// Each scheduled job's schedule as first created, and its cursor then.
    var schedules: [String: (JobSchedule, Timestamp)] = [:]

    init(seed: UInt64) {
        self.h = JobsHarness(now: "2026-03-01T00:00:00Z", seed: seed) { $0.historyLimit = 100_000 }
        self.random = SeededIDs(seed: seed &* 7919)
    }

    var successes: Int { self.h.core.jobIDs.reduce(0) { $0 + self.h.core.history(of: $1).filter { $0.outcome == .success }.count } }

    mutating func chance(_ percent: Int) -> Bool { self.random.below(100) < percent }

    mutating func createJobs() {
        for job in Self.bodies {
            let command: JobsCommand = job.chronos.map { .chronosUpsert(json(job.body), kind: $0) } ?? .metronomeCreateJob(json(job.body))
            let result = self.perform(command)
            #expect(result.statusCode < 300, "\(job.id): \(String(describing: result))")
            if let record = self.h.core.jobs[job.id], let spec = record.definition.schedule, let cursor = record.scheduleCursor {
                do { self.schedules[job.id] = (try spec.parsed(now: self.h.now), cursor) } catch {
                    Issue.record("schedule of \(job.id) does not parse: \(error)")
                }
            }
        }
    }

    mutating func step() {
        switch self.random.below(100) {
        case 0..<22: self.deliver(.offers(self.cluster.offers(count: 1 + self.random.below(3))))
        case 22..<42: self.progressTask(failures: true)
        case 42..<50: self.deliverKills()
        case 50..<56: self.deliverPending()
        case 56..<82: self.advance(seconds: Double(1 + self.random.below(90)))
        case 82..<92: self.apiCall()
        case 92..<96: self.restart(losingLaunches: self.chance(50))
        default: self.deliverPending()
        }
    }

    /// No faults: offers, progress, kills and time until things settle.
    mutating func settle() {
        self.deliverPending()
        self.deliverKills()
        self.deliver(.offers(self.cluster.offers(count: 3)))
        for _ in 0..<4 { self.progressTask(failures: false) }
        self.advance(seconds: 20)
    }

    mutating func deliver(_ input: JobsInput) {
        self.cluster.apply(self.h.handle(input))
        self.checkInvariants()
    }

    mutating func perform(_ command: JobsCommand) -> JobsCommandResult {
        let before = self.h.directives.count
        let result = self.h.perform(command)
        self.cluster.apply(Array(self.h.directives[before...]))
        self.checkInvariants()
        return result
    }

    mutating func advance(seconds: Double) {
        self.h.now = self.h.now.adding(seconds: seconds)
        self.deliver(.tick)
    }

    mutating func progressTask(failures: Bool) {
        let ids = self.cluster.tasks.keys.sorted()
        guard !ids.isEmpty else { return }
        let id = ids[self.random.below(ids.count)]
        guard let task = self.cluster.tasks[id] else { return }
        let next: TaskState
        switch task.state {
        case .staging: next = .running
        default:
            let roll = failures ? self.random.below(100) : 0
            next = roll < 60 ? .finished : roll < 85 ? .failed : .lost
        }
        if let update = self.cluster.move(id, to: next) { self.deliver(.statusUpdate(update)) }
    }

    mutating func deliverKills() {
        for id in self.cluster.tasks.keys.sorted() where self.cluster.tasks[id]?.killRequested == true {
            if let update = self.cluster.move(id, to: .killed) { self.deliver(.statusUpdate(update)) }
        }
    }

    mutating func deliverPending() {
        let updates = self.cluster.pending
        self.cluster.pending = []
        for update in updates { self.deliver(.statusUpdate(update)) }
    }

    mutating func apiCall() {
        switch self.random.below(5) {
        case 0: _ = self.perform(.chronosRun(name: ["burst", "skipper", "child"][self.random.below(3)], arguments: "n\(self.random.below(9))"))
        case 1: _ = self.perform(.metronomeStartRun(jobID: ["manual", "minutely"][self.random.below(2)]))
        case 2:
            let active = self.h.core.activeRuns(of: "manual") + self.h.core.activeRuns(of: "minutely")
            guard !active.isEmpty else { return }
            let run = active[self.random.below(active.count)]
            _ = self.perform(.metronomeStopRun(jobID: run.jobID, runID: run.id))
        case 3:
            let job = Self.bodies[1 + self.random.below(2)]
            _ = self.perform(.chronosUpsert(json(job.body), kind: job.chronos!))  // a sync tool re-posting
        default: _ = self.perform(.chronosMarkSuccess(name: "skipper"))
        }
    }

    /// A restart from the store; with `losingLaunches` the last offer round's launches were
    /// persisted but never reached the master.
    mutating func restart(losingLaunches: Bool) {
        if losingLaunches {
            self.cluster.apply(self.h.handle(.offers(self.cluster.offers(count: 2))), deliverLaunches: false)
        }
        self.restarts += 1
        self.h.now = self.h.now.adding(seconds: Double(self.random.below(300)))
        self.cluster.apply(self.h.restart(seed: self.random.next64ForSeed()))
        self.checkInvariants()
        self.deliver(.subscribed)
    }
}

extension SeededIDs {
    mutating func next64ForSeed() -> UInt64 { UInt64(self.below(Int.max)) }
}
