/// What an HTTP probe got: a response, or why there was none.
public enum HTTPProbeResult: Sendable, Hashable {
    case response(status: Int, contentType: String?, body: String)
    case failed(String)
}

/// The network side of health and readiness checks, injectable so tests decide what tasks
/// answer. `NetworkProbe` is the real one.
public protocol CheckProbing: Sendable {
    /// GETs `scheme://host:port/path` within `timeout` (redirects are not followed).
    func http(scheme: String, host: String, port: Int, path: String, timeout: Duration) async -> HTTPProbeResult
    /// Opens (and closes) a TCP connection within `timeout`; nil when it connected, else why not.
    func tcp(host: String, port: Int, timeout: Duration) async -> String?
}

extension Duration {
    /// `seconds` as a Duration.
    static func seconds(double seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}
