import OfferMatching

/// The jobs framework's state machine, behind both the Chronos API and the Metronome API: job
/// definitions, runs and their attempts, dependency edge counters and bounded run history.
/// Pure and deterministic: every input comes with `now`, run IDs come from a seeded generator,
/// and the shell carries out the returned directives in order (see `JobsDirective`).
///
///     var core = JobsCore(seed: 42)
///     let (result, directives) = core.perform(.chronosUpsert(json, kind: .scheduled), now: now)
///     let more = core.handle(.offers(offers), now: now)
public struct JobsCore: Sendable {
    /// Tunables.
    public let configuration: JobsConfiguration
    var ids: SeededIDs
    /// Jobs by id, with counters, schedule cursor and edge counts.
    public internal(set) var jobs: [String: JobRecord] = [:]
    /// Runs that are not over, by key.
    public internal(set) var runs: [RunKey: JobRun] = [:]
    /// Bounded run history by job id.
    public internal(set) var histories: [String: JobHistory] = [:]
    /// Parsed schedules of scheduled jobs (derived from the definitions).
    var parsedSchedules: [String: JobSchedule] = [:]
    /// The next instant each scheduled job's cursor has not settled yet (derived).
    var nextDue: [String: Timestamp] = [:]
    /// Stored schedules that no longer parse, with the reason (the schedule is stopped).
    var scheduleProblems: [String: String] = [:]
    var runKeysByJob: [String: Set<RunKey>] = [:]
    var runByTask: [String: RunKey] = [:]
    /// Dependent jobs by parent name (derived from the definitions).
    var childrenByParent: [String: Set<String>] = [:]
    var offerInterest = OfferInterest.unknown
    /// Offers kept for runs due within `offerHoldSeconds`, oldest first (never persisted).
    public internal(set) var heldOffers: [ResourceOffer] = []
    /// When the core was rebuilt from the store; launch timeouts of older tasks count from here.
    var recoveredAt: Timestamp?
    var lastReviveAt: Timestamp?
    /// Something became launchable since the last revive.
    var newWork = false
    /// Store changes of the input being handled, flushed as one leading `.persist`.
    var pendingChanges: [String: StoreChange] = [:]
    var pendingOrder: [String] = []

    enum OfferInterest: Hashable, Sendable { case unknown, revived, suppressed }

    /// An empty core.
    public init(configuration: JobsConfiguration = JobsConfiguration(), seed: UInt64) {
        self.configuration = configuration
        self.ids = SeededIDs(seed: seed)
    }

    /// A cluster or timer input.
    public mutating func handle(_ input: JobsInput, now: Timestamp) -> [JobsDirective] {
        var out: [JobsDirective] = []
        self.begin(now: now, &out)
        switch input {
        case .offers(let offers): self.handleOffers(offers, now: now, &out)
        case .offerRescinded(let id): self.heldOffers.removeAll { $0.id == id }
        case .statusUpdate(let update): self.handleStatus(update, now: now, &out)
        case .subscribed: self.handleSubscribed(now: now, &out)
        case .tick: break
        }
        return self.finish(now: now, out)
    }

    /// An API request that changes something.
    public mutating func perform(_ command: JobsCommand, now: Timestamp) -> (JobsCommandResult, [JobsDirective]) {
        var out: [JobsDirective] = []
        self.begin(now: now, &out)
        let result = self.dispatch(command, now: now, &out)
        return (result, self.finish(now: now, out))
    }

    /// Time-driven work first, so no input acts on a stale view: deadlines end runs, then due
    /// instants are settled (a run that just expired no longer blocks a `FORBID` job).
    mutating func begin(now: Timestamp, _ out: inout [JobsDirective]) {
        self.enforceTimers(now: now, &out)
        self.settleSchedules(now: now)
    }

    /// Settles what the input made due (a new schedule's first instant), decides offer interest,
    /// then puts the store changes first and the wake-up last.
    mutating func finish(now: Timestamp, _ out: [JobsDirective]) -> [JobsDirective] {
        var out = out
        self.settleSchedules(now: now)
        self.useHeldOffers(now: now, &out)
        self.updateOfferInterest(now: now, &out)
        var directives: [JobsDirective] = []
        let changes = self.pendingOrder.compactMap { self.pendingChanges[$0] }
        if !changes.isEmpty { directives.append(.persist(changes)) }
        self.pendingChanges = [:]
        self.pendingOrder = []
        directives += out
        if let wakeup = self.nextWakeup(now: now) { directives.append(.wakeUp(at: wakeup)) }
        return directives
    }

    // MARK: - Lookups

    /// Runs of a job that are not over, oldest due first.
    public func activeRuns(of jobID: String) -> [JobRun] {
        (self.runKeysByJob[jobID] ?? []).sorted().compactMap { self.runs[$0] }
    }

    /// A run ID unused by the job: creation time to the second plus five letters or digits.
    mutating func newRunID(for jobID: String, now: Timestamp) -> String {
        let taken = Set(self.activeRuns(of: jobID).map(\.id) + (self.histories[jobID]?.entries.compactMap(\.runID) ?? []))
        while true {
            let id = now.compactText + self.ids.alphanumeric(5)
            if !taken.contains(id) { return id }
        }
    }

    /// `due`, moved forward by whole milliseconds until no run of the job uses it (two manual
    /// runs in one millisecond, or a manual and a dependency run).
    func unusedDue(_ due: Timestamp, for jobID: String) -> Timestamp {
        var candidate = due
        let history = Set(self.histories[jobID]?.entries.filter { $0.runID != nil }.map(\.due) ?? [])
        while self.runs[RunKey(jobID: jobID, due: candidate)] != nil || history.contains(candidate) {
            candidate = Timestamp(milliseconds: candidate.milliseconds + 1)
        }
        return candidate
    }
}
