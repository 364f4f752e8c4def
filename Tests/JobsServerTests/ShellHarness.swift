import AgoraSecurity
import AgoraSDK
import AgoraTestKit
import Clocks
import Foundation
import Hummingbird
import HummingbirdTesting
import JobsCore
import JobsServer
import Logging
import NIOCore
import StateStore
import Testing

/// A jobs shell on a `FakeMaster`, a state store and a test clock, with its loops running:
/// framework logic without processes, sockets or sleeping.
final class ShellHarness: Sendable {
    static let start = Timestamp(iso8601: "2026-03-01T00:00:00Z")!
    let master: FakeMaster
    let store: any StateStore
    let clock: TestClock<Duration>
    let shell: JobsShell
    let failures = FailureLog()
    private let loops: Task<Void, Never>

    /// Leads at once; `master` with `knownID` plays a restarted framework re-subscribing.
    init(store: any StateStore = InMemoryStateStore(), master: FakeMaster = FakeMaster(), clock: TestClock<Duration> = TestClock(),
         startAt: Timestamp = ShellHarness.start) async throws {
        self.master = master
        self.store = store
        self.clock = clock
        var settings = JobsSettings()
        settings.seed = 1
        var logger = Logger(label: "jobs.test")
        logger.logLevel = .error
        let shell = JobsShell(settings: settings, clock: .test(clock, start: startAt), logger: logger)
        self.shell = shell
        await shell.listening(on: "127.0.0.1:4400")
        self.loops = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await shell.runEffects() }
                group.addTask { await shell.runCalls() }
                group.addTask { await shell.runAcknowledgements() }
            }
        }
        let failures = self.failures
        try await shell.lead(storage: JobsStorage(store: store), makeDriver: { _ in master }) { reason in
            Task { await failures.record(reason) }
        }
        try await eventually("the shell to subscribe and reconcile") { await self.calls.contains { if case .reconcile = $0 { true } else { false } } }
    }

    var calls: [FakeMaster.Call] { get async { await self.master.calls } }

    /// Tasks launched so far, by ID.
    var launchedTaskIDs: [String] { get async { await self.master.launchedTasks.map(\.taskID.value) } }

    /// Runs a command as an API request would.
    func perform(_ command: JobsCommand) async throws -> JobsCommandResult { try await self.shell.perform(command) }

    /// Posts a Chronos job, expecting 204.
    func chronos(_ text: String, kind: ChronosJobKind = .scheduled) async throws {
        let result = try await self.perform(.chronosUpsert(try JSONValue.parse(text), kind: kind))
        #expect(result == .noContent, "\(result)")
    }

    /// Job `once` (`R1//PT1H`, `sleep 60`) launched on offer `o1` and reported running;
    /// returns its task ID.
    func runningOnceJob() async throws -> String {
        try await self.chronos(#"{"name":"once","command":"sleep 60","schedule":"R1//PT1H"}"#)
        await self.offer("o1")
        try await eventually("the launch") { await self.launchedTaskIDs.count == 1 }
        let taskID = try #require(await self.launchedTaskIDs.first)
        await self.status(taskID, .taskRunning)
        try await eventually("the running state") { try await self.core().activeRuns(of: "once").first?.status == .active }
        return taskID
    }

    /// Moves the test clock (timers due by then fire).
    func advance(by duration: Duration) async { await self.clock.advance(by: duration) }

    /// An offer from agent `a1`.
    func offer(_ id: String, cpus: Double = 4, mem: Double = 4096, disk: Double = 4096) async {
        await self.master.send(.offers([FakeMaster.offer(id: id, agent: "a1", cpus: cpus, mem: mem, disk: disk)]))
    }

    /// A status update for a launched task.
    func status(_ taskID: String, _ state: Mesos.TaskState) async {
        await self.master.send(.update(FakeMaster.status(TaskID(taskID), state, agent: "a1")))
    }

    /// The engine as the API sees it.
    func core() async throws -> JobsCore { try #require(await self.shell.snapshot()).core }

    /// The server's own policy, but serving the router test client, which has no peer
    /// address (protected mode refuses an unknown peer).
    static var routerAccess: AccessPolicy {
        var policy = JobsSettings().accessPolicy
        policy.allowRemoteWithoutCredentials = true
        return policy
    }

    /// The HTTP router over this shell, for contract tests without a socket.
    func withRouter(
        access: AccessPolicy = ShellHarness.routerAccess, audit: Logger? = nil,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = Application(router: JobsServer.router(shell: self.shell, maxRequestBytes: 1 << 20, access: access, audit: audit))
        try await app.test(.router, body)
    }

    func stop() async {
        await self.shell.stepDown(reason: "test over")
        self.loops.cancel()
    }
}

/// Why terms ended, as the shell reported them.
actor FailureLog {
    private(set) var reasons: [String] = []
    func record(_ reason: String) { self.reasons.append(reason) }
}

/// Body helpers for router tests.
extension TestResponse {
    var text: String { String(buffer: self.body) }
    func json() throws -> JSONValue { try JSONValue.parse(self.text) }
}

func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
