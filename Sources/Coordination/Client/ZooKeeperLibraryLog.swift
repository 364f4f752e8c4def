import CZooKeeper
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where the C library's own log goes. It is process-wide (the library has one log level
/// and one stream), quiet unless configured, and holds at most warnings.
public enum ZooKeeperLibraryLog: Sendable, Equatable {
    /// Nothing (the default).
    case quiet
    /// Warnings and errors to this process's stderr.
    case standardError
    /// Warnings and errors appended to the file at this path.
    case file(String)

    private static let configured = Mutex(false)

    /// Applies `destination` to every client of this process, now and later. A file opened
    /// earlier stays open: the library's threads may still be writing to it.
    public static func configure(_ destination: ZooKeeperLibraryLog) throws(ZooKeeperError) {
        var stream: UnsafeMutablePointer<FILE>?
        if case .file(let path) = destination {
            guard let opened = fopen(path, "a") else {
                throw .badArguments("cannot open ZooKeeper log file \(path): \(String(cString: strerror(errno)))")
            }
            setvbuf(opened, nil, _IOLBF, 0)
            stream = opened
        }
        Self.configured.withLock { configured in
            configured = true
            zoo_set_log_stream(stream)
            zoo_set_debug_level(destination == .quiet ? ZooLogLevel(rawValue: 0) : ZOO_LOG_LEVEL_WARN)
        }
    }

    /// Silences the library before the first handle opens, unless configured already.
    static func applyDefault() {
        Self.configured.withLock { configured in
            guard !configured else { return }
            configured = true
            zoo_set_debug_level(ZooLogLevel(rawValue: 0))
        }
    }
}
