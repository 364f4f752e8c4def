@_exported import LocalZooKeeper

/// A real ZooKeeper server for tests (see `LocalZooKeeper`), in a scratch directory.
public typealias ZooKeeperServer = LocalZooKeeper

extension LocalZooKeeper {
    /// Starts a server on a free port in a fresh scratch directory; returns once it answers `ruok`.
    public static func start(name: String, tickTime: Duration = .milliseconds(200), within: Duration = .seconds(30)) async throws
        -> LocalZooKeeper
    {
        let server = try LocalZooKeeper(directory: Paths.scratch("zk-\(name)"), port: freePort(), tickTime: tickTime)
        try await server.start(within: within)
        return server
    }

    /// Stops the server and removes its scratch directory (kept with AGORA_TEST_KEEP_LOGS).
    public func shutdown() async {
        await self.stop()
        Paths.discardScratch(self.directory)
    }
}

/// A fixture that could not do its job.
public struct FixtureError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
