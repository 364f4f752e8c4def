import AsyncHTTPClient
import Foundation
import NIOCore

/// A master and agents as real processes on 127.0.0.1, for integration tests.
public final class LocalCluster: @unchecked Sendable {
    // Mutated only by the test that owns the cluster, from one task at a time.
    public private(set) var master: ServerProcess
    public private(set) var agents: [ServerProcess] = []
    public private(set) var masterAddress: String
    public let directory: String
    public let masterFlags: [String]

    /// `AGORA_TEST_LOG_LEVEL=debug` makes every server of the cluster log in detail.
    public static var logLevel: [String] {
        ProcessInfo.processInfo.environment["AGORA_TEST_LOG_LEVEL"].map { ["--log-level", $0] } ?? []
    }

    /// Starts a master with `masterFlags` (port 0 unless `masterPort` is given).
    public init(name: String, masterFlags: [String] = [], masterPort: Int = 0) async throws {
        self.directory = Paths.scratch(name)
        self.masterFlags = masterFlags
        self.master = try ServerProcess(
            ["master", "--port", String(masterPort)] + Self.logLevel + masterFlags, name: "master", logDirectory: self.directory)
        self.masterAddress = try await self.master.address(of: "master")
    }

    /// Starts an agent against the master; returns it once it is listening.
    @discardableResult
    public func addAgent(resources: String = TaskPorts.resources(), flags: [String] = []) async throws -> ServerProcess {
        let index = self.agents.count
        let agent = try ServerProcess(
            ["agent", "--master", self.masterAddress, "--port", "0", "--work-dir", "\(self.directory)/agent-\(index)",
             "--resources", resources] + Self.logLevel + flags,
            name: "agent-\(index)", logDirectory: self.directory)
        _ = try await agent.address(of: "agent")
        self.agents.append(agent)
        return agent
    }

    /// Processes restarted agents left to run (their executors), killed at `stop`.
    public private(set) var orphans: [pid_t] = []

    /// Stops agent `index` with `signal`, waits for it to exit, and starts it again on the
    /// same port and work directory with `flags` added: the restarted agent recovers from
    /// its checkpoint. Its old executors are no longer its children; `stop` kills them.
    @discardableResult
    public func restartAgent(_ index: Int, signal: Int32 = SIGKILL, flags: [String] = []) async throws -> ServerProcess {
        let old = self.agents[index]
        let address = try await old.address(of: "agent")
        self.orphans += old.descendants
        old.signal(signal)
        _ = await old.waitForExit()
        let port = address.split(separator: ":").last.map(String.init) ?? "0"
        let agent = try ServerProcess(
            old.arguments.replacingPort(with: port) + flags, name: "\(old.name)-restarted-\(self.restarts)", logDirectory: self.directory)
        self.restarts += 1
        _ = try await agent.address(of: "agent")
        self.agents[index] = agent
        return agent
    }

    private var restarts = 0

    /// Kills the master (SIGKILL unless told otherwise) and waits for it to be gone.
    public func killMaster(signal: Int32 = SIGKILL) async {
        self.master.signal(signal)
        _ = await self.master.waitForExit()
    }

    /// Starts a master again on the same port.
    public func restartMaster() async throws {
        let port = self.masterAddress.split(separator: ":").last.map(String.init) ?? "0"
        self.master = try ServerProcess(
            ["master", "--port", port] + Self.logLevel + self.masterFlags, name: "master-restarted", logDirectory: self.directory)
        self.masterAddress = try await self.master.address(of: "master")
    }

    /// Stops everything, killing every task the agents started.
    public func stop() async {
        for agent in self.agents { await agent.stop() }
        for pid in self.orphans { kill(pid, SIGKILL) }
        await self.master.stop()
    }

    /// GETs a JSON document from the master.
    public func masterJSON(_ path: String) async throws -> [String: Any] {
        try await getJSON("http://\(self.masterAddress)\(path)")
    }
}

/// GETs `url` and parses the body as a JSON object.
public func getJSON(_ url: String) async throws -> [String: Any] {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 64 << 20)
    let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    guard let dictionary = object as? [String: Any] else { throw NotAnObject(url: url) }
    return dictionary
}

extension [String] {
    /// The same arguments with `--port <value>` set to `port`.
    func replacingPort(with port: String) -> [String] {
        var arguments = self
        if let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count { arguments[index + 1] = port }
        return arguments
    }
}

struct NotAnObject: Error {
    let url: String
}

/// A plain HTTP exchange for tests: status, headers (lower-cased names) and body.
public struct HTTPExchange: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
}

/// A client that shows redirects instead of following them, so tests can check them.
private let literalClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()

/// Sends one request and collects the whole response (redirects are not followed).
public func http(
    _ method: String, _ url: String, headers: [String: String] = [:], body: [UInt8] = []
) async throws -> HTTPExchange {
    var request = HTTPClientRequest(url: url)
    request.method = .init(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if !body.isEmpty || method == "POST" { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await literalClient.execute(request, timeout: .seconds(10))
    let collected = try await response.body.collect(upTo: 64 << 20)
    var fields: [String: String] = [:]
    for header in response.headers { fields[header.name.lowercased()] = header.value }
    return HTTPExchange(status: Int(response.status.code), headers: fields, body: String(buffer: collected))
}

/// Opens a streaming POST and returns the status, headers and the first `bytes` of the body.
public func httpStreamPrefix(
    _ url: String, headers: [String: String], body: [UInt8], bytes: Int
) async throws -> HTTPExchange {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(bytes: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    var collected: [UInt8] = []
    for try await chunk in response.body {
        collected += chunk.readableBytesView
        if collected.count >= bytes { break }
    }
    var fields: [String: String] = [:]
    for header in response.headers { fields[header.name.lowercased()] = header.value }
    return HTTPExchange(status: Int(response.status.code), headers: fields, body: String(decoding: collected, as: UTF8.self))
}
