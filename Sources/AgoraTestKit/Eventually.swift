import Foundation

/// A condition that did not come true in time.
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double
    public var description: String { "timed out after \(self.seconds) s waiting for \(self.what)" }
}

/// Checks `condition` every `interval` until it holds; throws `TimedOut` after `seconds`.
/// Bounded polling of observable state, never a fixed sleep standing in for a sync point.
public func eventually(
    _ what: String, within seconds: Double = 10, every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what, seconds: seconds) }
        try await Task.sleep(for: interval)
    }
}

/// Like `eventually`, returning the first non-nil value `produce` gives.
public func eventuallyValue<T>(
    _ what: String, within seconds: Double = 10, every interval: Duration = .milliseconds(20),
    _ produce: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while true {
        if let value = try await produce() { return value }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what, seconds: seconds) }
        try await Task.sleep(for: interval)
    }
}
