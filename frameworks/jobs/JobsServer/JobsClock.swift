import Clocks
import Foundation
import JobsCore

/// Where the jobs shell gets time from: wall-clock `now` for the core (schedules are wall
/// time) and a way to sleep until an instant. Production uses the system clocks; tests use a
/// `TestClock` whose advances move `now` too, so timer logic runs without sleeping.
public struct JobsClock: Sendable {
    /// The current wall-clock instant.
    public let now: @Sendable () -> Timestamp
    /// Sleeps until `now` reaches the instant (returns at once if it has; throws when
    /// cancelled). An instant, not a duration: a sleeper that starts late still wakes on time.
    public let sleepUntil: @Sendable (Timestamp) async throws -> Void

    /// A clock from its two parts.
    public init(now: @escaping @Sendable () -> Timestamp, sleepUntil: @escaping @Sendable (Timestamp) async throws -> Void) {
        self.now = now
        self.sleepUntil = sleepUntil
    }

    /// The system's wall clock, sleeping on the continuous clock.
    public static let system: JobsClock = {
        let now: @Sendable () -> Timestamp = { Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) }
        return JobsClock(now: now) { instant in
            let remaining = instant.milliseconds - now().milliseconds
            if remaining > 0 { try await ContinuousClock().sleep(for: .milliseconds(remaining)) }
        }
    }()

    /// A clock driven by `clock`: `now` is `start` plus the test clock's advance.
    public static func test(_ clock: TestClock<Duration>, start: Timestamp) -> JobsClock {
        let origin = clock.now
        return JobsClock(
            now: {
                let elapsed = origin.duration(to: clock.now)
                return Timestamp(milliseconds: start.milliseconds + elapsed.wholeMilliseconds)
            },
            sleepUntil: { instant in
                try await clock.sleep(until: origin.advanced(by: .milliseconds(instant.milliseconds - start.milliseconds)))
            })
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
