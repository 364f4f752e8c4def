/// A `host:port` pair as written in zk:// URLs and master locations (IPv6 hosts in brackets).
public struct HostPort: Sendable, Equatable, CustomStringConvertible {
    /// The host name or address (an IPv6 address without brackets).
    public let host: String
    /// The port, 1–65535.
    public let port: Int?

    /// `host` (an IPv6 address without brackets) and an optional port.
    public init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    /// `host:port` (brackets around IPv6 addresses).
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port.map { "\(host):\($0)" } ?? host
    }

    /// Parses `host:port`, `[v6]:port` and, unless `requirePort`, a bare host.
    /// Errors are reasons to embed in a larger message.
    static func parse(_ text: Substring, requirePort: Bool) -> Result<HostPort, Problem> {
        let (host, portText): (Substring, Substring?)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(Problem("'\(text)' has an unclosed '['")) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return .failure(Problem("unexpected '\(rest)' after '\(text[...close])'")) }
            portText = rest.isEmpty ? nil : rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            (host, portText) = (text[..<colon], text[text.index(after: colon)...])
        } else {
            (host, portText) = (text, nil)
        }
        guard !host.isEmpty else { return .failure(Problem("missing host in '\(text)'")) }
        guard let portText else {
            return requirePort ? .failure(Problem("'\(text)' has no port")) : .success(HostPort(host: String(host), port: nil))
        }
        guard let port = Int(portText), (1...65535).contains(port), portText.allSatisfy(\.isASCII) else {
            return .failure(Problem("port '\(portText)' of '\(text)' is not a number from 1 to 65535"))
        }
        return .success(HostPort(host: String(host), port: port))
    }

    /// Why a host:port did not parse.
    struct Problem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
