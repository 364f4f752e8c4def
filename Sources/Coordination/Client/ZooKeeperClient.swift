import CZooKeeper

/// An asynchronous ZooKeeper client over the official C library (libzookeeper-mt).
///
/// Every call is `async` and throws `ZooKeeperError`. The session is managed by the library:
/// it reconnects on its own while the session lives (state `.connecting`, then `.connected`);
/// after `.expired` the client is dead and callers make a new one. Close it when done:
/// `close()` ends the session on the server, which deletes its ephemeral nodes.
public final class ZooKeeperClient: Sendable {
    /// The connection string (`host:port,host:port[/chroot]`).
    public let servers: String
    let handle: ZooKeeperHandle

    /// Opens a client; it connects in the background (see `waitUntilConnected`).
    /// - Parameters:
    ///   - servers: `host:port,host:port[/chroot]`.
    ///   - sessionTimeout: the requested timeout; the server clamps it to 2–20 ticks.
    ///   - session: resume this session instead of starting a new one.
    ///   - credentials: digest credentials (`user`, `password`); nodes are then created
    ///     readable by everyone and writable only by these credentials.
    public init(
        servers: String, sessionTimeout: Duration, session: ZooKeeperSession? = nil,
        credentials: ZooKeeperURL.Credentials? = nil
    ) throws(ZooKeeperError) {
        if let session, session.password.count != Int(czk_password_length()) {
            throw .badArguments("a session password has \(czk_password_length()) bytes, not \(session.password.count)")
        }
        guard sessionTimeout > .zero else { throw .badArguments("session timeout must be positive, not \(sessionTimeout)") }
        self.servers = servers
        self.handle = try ZooKeeperHandle(
            servers: servers, sessionTimeout: sessionTimeout, session: session,
            digest: credentials.map { "\($0.user):\($0.password)" })
    }

    /// Opens a client for the servers and credentials of `url` (its path is not a chroot).
    public convenience init(url: ZooKeeperURL, sessionTimeout: Duration, session: ZooKeeperSession? = nil) throws(ZooKeeperError) {
        try self.init(servers: url.servers, sessionTimeout: sessionTimeout, session: session, credentials: url.credentials)
    }

    deinit {
        let handle = self.handle
        Task { await handle.close() }
    }

    /// The session state now.
    public var state: SessionState { self.handle.state }

    /// The current state, then every change; ends after `.closed`. Any number of observers.
    public func stateChanges() -> AsyncStream<SessionState> { self.handle.states.subscribe() }

    /// The session once the server has assigned one.
    public var session: ZooKeeperSession? {
        self.handle.withHandle { raw -> ZooKeeperSession? in
            var password = [UInt8](repeating: 0, count: Int(czk_password_length()))
            let id = password.withUnsafeMutableBufferPointer { czk_session(raw, $0.baseAddress) }
            return id == 0 ? nil : ZooKeeperSession(id: id, password: password)
        } ?? nil
    }

    /// The session id, 0 before the first connection.
    public var sessionID: Int64 { self.session?.id ?? 0 }

    /// The session password, empty before the first connection.
    public var sessionPassword: [UInt8] { self.session?.password ?? [] }

    /// The session timeout the server granted (the requested one until connected).
    public var negotiatedSessionTimeout: Duration? {
        self.handle.withHandle { .milliseconds(zoo_recv_timeout($0)) }
    }

    /// Waits until the client is connected; throws `.connectTimeout` if it is not within
    /// `timeout`, or the error for a final state (`.sessionExpired`, `.authFailed`, `.closing`).
    public func waitUntilConnected(timeout: Duration) async throws(ZooKeeperError) {
        let reached = await self.firstState(within: timeout) { $0 != .connecting }
        if reached == .connected { return }
        if let reached, let error = ZooKeeperError.deadHandle(reached) { throw error }
        throw Task.isCancelled ? .cancelled : .connectTimeout(timeout)
    }

    /// Ends the session and frees the handle. Idempotent; calls in flight fail with `.closing`,
    /// watches fire `.sessionLost(.closed)`.
    public func close() async { await self.handle.close() }

    /// Paths this client has a pending watch on, sorted (diagnostics and tests).
    public var watchedPaths: [String] { self.handle.watchedPaths }

    /// Node events delivered to this client's watches so far (diagnostics and tests).
    public var watchEventsDelivered: Int { self.handle.watchEventsDelivered }

    private func firstState(within timeout: Duration, where matches: @escaping @Sendable (SessionState) -> Bool) async -> SessionState? {
        let states = self.stateChanges()
        return await withTaskGroup(of: SessionState?.self) { group in
            group.addTask {
                for await state in states where matches(state) { return state }
                return nil
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
