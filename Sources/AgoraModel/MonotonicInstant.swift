/// A point on a monotonic clock, measured from an arbitrary start.
///
/// Cores receive `now` as one of these, so tests can drive time explicitly and a run can
/// be replayed. Shells derive it from `ContinuousClock`.
public struct MonotonicInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Time elapsed since the clock's start.
    public var sinceStart: Duration

    public init(sinceStart: Duration) { self.sinceStart = sinceStart }

    /// The clock's start.
    public static let zero = MonotonicInstant(sinceStart: .zero)

    /// `seconds` after the start, for tests and simulations.
    public static func seconds(_ seconds: Double) -> MonotonicInstant {
        MonotonicInstant(sinceStart: .milliseconds(Int64((seconds * 1000).rounded())))
    }

    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(sinceStart: lhs.sinceStart + rhs)
    }

    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        MonotonicInstant(sinceStart: lhs.sinceStart - rhs)
    }

    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        lhs.sinceStart - rhs.sinceStart
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.sinceStart < rhs.sinceStart
    }

    public var description: String { "t+\(self.sinceStart)" }
}

extension Duration {
    /// The duration in seconds as a double.
    public var seconds: Double {
        let (whole, attoseconds) = self.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// A duration from fractional seconds, clamped to ±100 years so it never overflows.
    public static func seconds(fractional value: Double) -> Duration {
        let limit = 100.0 * 365 * 86_400
        let clamped = value.isNaN ? 0 : min(max(value, -limit), limit)
        return .nanoseconds(Int64((clamped * 1e9).rounded()))
    }
}
