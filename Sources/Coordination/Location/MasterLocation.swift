import Foundation

/// Where to find the leading master, as given to `--master`: `host:port`,
/// `http(s)://host[:port]`, `zk://...`, or `file:///path` holding one of those.
public enum MasterLocation: Sendable, Equatable {
    /// A fixed master: its base URL, `http://host:port`.
    case direct(baseURL: String)
    /// Follow the leader elected under this ZooKeeper group.
    case zooKeeper(ZooKeeperURL)

    /// Parses `text` (surrounding whitespace ignored). `readFile` reads `file://` targets.
    public static func parse(
        _ text: String, readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(MasterLocationError) -> MasterLocation {
        try Self.parse(text, readFile: readFile, allowFile: true)
    }

    private static func parse(
        _ text: String, readFile: (String) throws -> String, allowFile: Bool
    ) throws(MasterLocationError) -> MasterLocation {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fail = { (reason: String) in MasterLocationError(location: input, reason: reason) }
        guard !input.isEmpty else { throw fail("empty master location") }
        if input.hasPrefix("zk://") {
            do { return .zooKeeper(try ZooKeeperURL.parse(input)) } catch { throw MasterLocationError(location: error.url, reason: error.reason) }
        }
        if input.hasPrefix("file://") {
            guard allowFile else { throw fail("a file:// location inside a file:// location is not followed") }
            return try Self.parse(file: String(input.dropFirst("file://".count)), readFile: readFile, fail: fail)
        }
        for scheme in ["http", "https"] where input.hasPrefix(scheme + "://") {
            let authority = try Self.authority(input.dropFirst(scheme.count + 3), fail: fail)
            return .direct(baseURL: "\(scheme)://\(try Self.hostPort(authority, requirePort: false, fail: fail))")
        }
        if let range = input.range(of: "://") { throw fail("unsupported scheme '\(input[..<range.lowerBound])'") }
        return .direct(baseURL: "http://\(try Self.hostPort(Substring(input), requirePort: true, fail: fail))")
    }

    private static func parse(
        file path: String, readFile: (String) throws -> String, fail: (String) -> MasterLocationError
    ) throws(MasterLocationError) -> MasterLocation {
        guard path.hasPrefix("/") else { throw fail("a file:// location needs an absolute path (file:///path)") }
        let contents: String
        do { contents = try readFile(path) } catch { throw fail("cannot read \(path): \(error.localizedDescription)") }
        do {
            return try Self.parse(contents, readFile: readFile, allowFile: false)
        } catch {
            throw fail("\(path) holds no valid location: \(error.reason)")
        }
    }

    /// `host:port` or `host:port/` of an http(s) URL; any other path is a mistake.
    private static func authority(_ rest: Substring, fail: (String) -> MasterLocationError) throws(MasterLocationError) -> Substring {
        let trimmed = rest.hasSuffix("/") ? rest.dropLast() : rest
        if let slash = trimmed.firstIndex(of: "/") { throw fail("unexpected path '\(trimmed[slash...])': give the master's base URL") }
        return trimmed
    }

    private static func hostPort(_ text: Substring, requirePort: Bool, fail: (String) -> MasterLocationError) throws(MasterLocationError) -> HostPort {
        switch HostPort.parse(text, requirePort: requirePort) {
        case .success(let hostPort): return hostPort
        case .failure(let problem): throw fail(problem.reason)
        }
    }
}

/// A master location that does not parse.
public struct MasterLocationError: Error, Equatable, CustomStringConvertible {
    /// The location as given (trimmed, password masked).
    public let location: String
    /// What is wrong with it.
    public let reason: String

    init(location: String, reason: String) {
        self.location = ZooKeeperURLError.masked(location)
        self.reason = reason
    }

    /// A sentence for error messages.
    public var description: String {
        self.location.hasPrefix("zk://") ? "malformed zk:// URL '\(self.location)': \(self.reason)"
            : "invalid master location '\(self.location)': \(self.reason)"
    }
}
