import AgoraModel
import Allocator

/// Shorthand for resource strings in tests; crashes on a typo, which is a test bug.
func r(_ text: String) -> Resources {
    do { return try Resources.parse(text) } catch { fatalError("bad fixture '\(text)': \(error)") }
}

func at(_ seconds: Double) -> MonotonicInstant { .seconds(seconds) }

extension Allocator {
    /// A fresh allocator with the default configuration and a fixed seed.
    static func testing(_ configure: (inout AllocatorConfiguration) -> Void = { _ in }) -> Allocator {
        var configuration = AllocatorConfiguration()
        configuration.seed = 42
        configure(&configuration)
        return Allocator(configuration: configuration)
    }
}

extension [OfferGrant] {
    /// `framework@agent` for each grant, sorted, to compare offers regardless of order.
    var pairs: [String] { self.map { "\($0.frameworkID)@\($0.agentID)" }.sorted() }

    func grant(for framework: FrameworkID) -> OfferGrant? { self.first { $0.frameworkID == framework } }
}
