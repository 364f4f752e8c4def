import AgoraTLS
import Synchronization

/// A URL known only once a server listens (its port may be 0 until then), read later by
/// code built before that, such as a framework's `webui_url` for its scheduler driver.
public final class AdvertisedURL: Sendable {
    private let value = Mutex<String?>(nil)

    public init() {}

    /// The URL, nil until set.
    public var url: String? { self.value.withLock { $0 } }

    /// Sets the URL to `http://host:port`, or `https://` when the process speaks TLS
    /// (its servers then serve only TLS, or TLS first).
    public func listening(host: String, port: Int) {
        let scheme = ProcessTLS.usable?.scheme ?? "http"
        self.value.withLock { $0 = "\(scheme)://\(host):\(port)" }
    }
}
