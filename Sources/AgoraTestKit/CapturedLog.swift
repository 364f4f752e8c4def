import Logging
import Synchronization

/// A log handler that keeps the metadata of every line logged through it, for tests that
/// check what a server logged (its audit lines, say).
public final class CapturedLog: LogHandler, @unchecked Sendable {
    /// Written by the logger from request tasks, read by the test after they end: the lock
    /// guards both. `metadata` and `logLevel` are set once, before logging starts.
    public let entries = Mutex<[[String: String]]>([])
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).mapValues { "\($0)" }
        self.entries.withLock { $0.append(fields) }
    }
}
