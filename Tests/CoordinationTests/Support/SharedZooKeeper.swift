import Coordination
import Foundation
import Synchronization
import Testing
import AgoraTestKit

/// One ZooKeeper server for every test nested in a suite with this trait (tests that do not
/// stop the server). Each test works under its own unique znode path, so they run in parallel.
struct SharedZooKeeperTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await ZooKeeperServer.start(name: "shared")
        do {
            // The common parent is world-writable, whichever test (some authenticate) comes first.
            let client = try await connectedClient(server)
            try await client.ensurePath("/tests")
            await client.close()
            try await SharedZooKeeper.$server.withValue(server) { try await function() }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}

extension Trait where Self == SharedZooKeeperTrait {
    /// Starts one ZooKeeper server around the suite.
    static var sharedZooKeeper: Self { Self() }
}

/// Access to the suite's server and per-test helpers.
enum SharedZooKeeper {
    @TaskLocal static var server: ZooKeeperServer?

    /// The suite's server; fails the test outside a `.sharedZooKeeper` suite.
    static func current() throws -> ZooKeeperServer {
        try #require(Self.server, "test must run inside a .sharedZooKeeper suite")
    }
}

/// The suite that every test using the shared server is nested in (see the extensions).
@Suite(.sharedZooKeeper) struct WithSharedZooKeeper {}

/// A unique znode path for one test.
func uniquePath(_ name: String) -> String { "/tests/\(name)-\(UUID().uuidString.prefix(8).lowercased())" }

/// A client of `server`, connected.
func connectedClient(
    _ server: ZooKeeperServer, sessionTimeout: Duration = .seconds(2), session: ZooKeeperSession? = nil
) async throws -> ZooKeeperClient {
    let client = try ZooKeeperClient(servers: server.connectString, sessionTimeout: sessionTimeout, session: session)
    try await client.waitUntilConnected(timeout: .seconds(10))
    return client
}

/// Forces `session` to expire the standard way: a second client takes the session over and
/// closes it, which ends it on the server. The C client of the victim reconnects within
/// tens of milliseconds and may take the session back before the close is sent, so this
/// repeats until a taker is told the session has expired.
func expire(_ session: ZooKeeperSession, on server: ZooKeeperServer) async throws {
    for _ in 0..<50 {
        let taker = try ZooKeeperClient(servers: server.connectString, sessionTimeout: .seconds(2), session: session)
        do {
            try await taker.waitUntilConnected(timeout: .seconds(10))
        } catch .sessionExpired {
            await taker.close()
            return
        }
        await taker.close()
    }
    throw FixtureError("session \(session) did not expire after 50 attempts")
}

/// Bytes of a string.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Collects every value of a stream in the background, for assertions on the sequence.
final class Recorder<Value: Sendable>: Sendable {
    private final class Storage: Sendable {
        let values = Mutex<[Value]>([])
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<Value>) {
        let storage = self.storage
        self.task = Task { for await value in stream { storage.values.withLock { $0.append(value) } } }
    }

    var all: [Value] { self.storage.values.withLock { $0 } }
    var last: Value? { self.all.last }

    func cancel() { self.task.cancel() }
}
