/// Bounded exponential backoff between attempts to rebuild a session.
public struct Backoff: Sendable, Equatable {
    /// Delay after the first failure.
    public var initial: Duration
    /// The most it ever waits.
    public var maximum: Duration

    /// Backoff from `initial`, doubling up to `maximum`.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The delay after `failures` consecutive failures (1 = the first): doubling, capped.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = self.initial
        for _ in 1..<min(failures, 32) where delay < self.maximum { delay *= 2 }
        return min(delay, self.maximum)
    }
}
