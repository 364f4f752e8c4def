import Clocks
import Foundation
import JobsCore

/// Where the jobs shell gets time from: wall-clock `now` for the core (schedules are wall
/// time) and a way to sleep until an instant. Production uses the system clocks; tests use a
/// `TestClock` whose advances move `now` too, so timer logic runs without sleeping.
public struct JobsClock: Sendable {
    /// The current wall-clock instant.
    public let now: @Sendable () -> Timestamp
    /// Sleeps for the given duration (throws when cancelled).
    public let sleep: @Sendable (Duration) async throws -> Void

    /// A clock from its two parts.
    public init(now: @escaping @Sendable () -> Timestamp, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's wall clock, sleeping on the continuous clock.
    public static let system = JobsClock(
        now: { Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) },
        sleep: { duration in try await ContinuousClock().sleep(for: duration) })

    /// A clock driven by `clock`: `now` is `start` plus the test clock's advance.
    public static func test(_ clock: TestClock<Duration>, start: Timestamp) -> JobsClock {
        let origin = clock.now
        return JobsClock(
            now: {
                let elapsed = origin.duration(to: clock.now)
                return Timestamp(milliseconds: start.milliseconds + elapsed.wholeMilliseconds)
            },
            sleep: { duration in try await clock.sleep(for: duration) })
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
