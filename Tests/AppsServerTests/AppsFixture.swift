import AgoraSecurity
import AgoraSDK
import AgoraServer
import AgoraTestKit
import AppsCore
import AppsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StateStore
import Synchronization
import Testing

/// An apps server on a fake master, an in-memory store, fake probes and a manual clock,
/// with the Marathon API reached through Hummingbird's router test client.
struct AppsFixture: Sendable {
    let master: FakeMaster
    let store: any StateStore
    let clock: ManualClock
    let probe: FakeProbe
    let runtime: AppsRuntime
    let client: any TestClientProtocol

    var shell: AppsShell { self.runtime.shell }

    /// How long a wait may take before the test fails. Generous: under a full `swift test`
    /// CPU-bound suites can hold both cooperative threads for seconds.
    static let patience = 60.0

    /// The in-memory store under the fixture's store.
    var memory: InMemoryStateStore {
        if let gated = self.store as? GatedStore { return gated.inner }
        return self.store as! InMemoryStateStore
    }

    /// Runs `body` against a leading apps server; everything stops afterwards.
    static func run(
        store: any StateStore = InMemoryStateStore(), master: FakeMaster = FakeMaster(), clock: ManualClock = ManualClock(),
        probe: FakeProbe = FakeProbe(), live: Bool = false, frameworkIDs: FrameworkIDLog = FrameworkIDLog(),
        configure: (inout AppsSettings) -> Void = { _ in }, _ body: @Sendable (AppsFixture) async throws -> Void
    ) async throws {
        var settings = AppsSettings()
        settings.port = 8080
        // The router test client has no peer address, which protected mode refuses.
        settings.access.allowRemoteWithoutCredentials = !live
        configure(&settings)
        let shell = AppsShell(configuration: settings.core, clock: clock, probe: probe, logger: Logger(label: "test.apps"))
        let runtime = AppsRuntime(settings: settings, shell: shell, logger: Logger(label: "test.apps")) { id in
            TermDriver(master: master, first: frameworkIDs.record(id) == 0)
        }
        let application = Application(router: runtime.router())
        defer { runtime.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runtime.leadAlone(store: store) }
            try await eventually("the apps server to lead", within: AppsFixture.patience) { await shell.view()?.frameworkID != nil }
            try await application.test(live ? .live : .router) { client in
                try await body(AppsFixture(master: master, store: store, clock: clock, probe: probe, runtime: runtime, client: client))
                // Open event streams would hold up the live server's shutdown.
                runtime.shutdown()
            }
            group.cancelAll()
        }
    }

    // MARK: - HTTP

    /// One request; the body parsed as JSON when there is one.
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var fields = headers
        if body != nil { fields[.contentType] = "application/json" }
        return try await self.client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return Reply(status: Int(response.status.code), headers: response.headers, text: text)
        }
    }

    // MARK: - The cluster

    /// Offers an agent's resources and waits until the framework answered the offer.
    func offer(agent: String = "agent-1", cpus: Double = 8, mem: Double = 8192, ports: ClosedRange<UInt64> = 31000...31099) async throws {
        let id = UUID().uuidString
        await self.master.send(.offers([FakeMaster.offer(id: id, agent: AgentID(agent), cpus: cpus, mem: mem, ports: ports)]))
        try await eventually("the framework to answer offer \(id)", within: AppsFixture.patience) {
            await self.master.calls.contains { call in
                switch call {
                case .accept(let ids, _, _), .decline(let ids, _): ids.contains(OfferID(id))
                default: false
                }
            }
        }
    }

    /// Task IDs launched so far.
    var launched: [String] { get async { await self.master.launchedTasks.map(\.taskID.value) } }

    /// Sends a status update for `task`.
    func status(_ task: String, _ state: Mesos.TaskState, agent: String = "agent-1", healthy: Bool? = nil) async {
        await self.master.send(.update(FakeMaster.status(TaskID(task), state, agent: AgentID(agent), healthy: healthy)))
    }

    /// Task IDs the framework asked to kill.
    var killed: [String] {
        get async {
            await self.master.calls.compactMap { call in
                if case .kill(let id, _, _) = call { return id.value }
                return nil
            }
        }
    }

    /// The app as `GET /v2/apps/{id}` shows it.
    func app(_ id: String) async throws -> JSONValue {
        let reply = try await self.request(.get, "/v2/apps\(id)")
        return try #require(reply.json?["app"], "GET /v2/apps\(id): \(reply.status) \(reply.text)")
    }

    /// Waits until no deployment runs.
    func deploymentsFinish(within seconds: Double = AppsFixture.patience) async throws {
        try await eventually("deployments to finish", within: seconds) { await self.shell.view()?.core.deployments.isEmpty == true }
    }
}

/// An HTTP answer in a test.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String

    var json: JSONValue? { try? JSONValue.parse(self.text) }

    /// `message` of an error body.
    var message: String? { self.json?["message"]?.stringValue }

    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { self.headers[$0] } }
}

extension JSONValue {
    /// Element `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var intValue: Int? { self.numberValue.map { Int($0) } }
}

/// The framework IDs terms started with.
final class FrameworkIDLog: Sendable {
    private let ids = Mutex<[String?]>([])
    /// Records a term's ID; returns how many terms came before.
    func record(_ id: String?) -> Int {
        self.ids.withLock { ids in
            ids.append(id)
            return ids.count - 1
        }
    }
    var all: [String?] { self.ids.withLock { $0 } }
}
