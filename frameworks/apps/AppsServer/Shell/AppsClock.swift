import AppsCore
import Foundation

/// Wall-clock time for the shell: what `now` is and how to wait for an instant. Injected so
/// tests drive timers (health-check intervals, backoff, wake-ups) by hand.
public protocol AppsClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
    /// Returns at (or soon after) `deadline`; throws `CancellationError` when cancelled.
    func sleep(until deadline: Timestamp) async throws
}

/// The system's real-time clock.
public struct SystemAppsClock: AppsClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public func sleep(until deadline: Timestamp) async throws {
        let milliseconds = deadline.milliseconds - self.now().milliseconds
        if milliseconds > 0 { try await Task.sleep(for: .milliseconds(milliseconds)) }
        try Task.checkCancellation()
    }
}
