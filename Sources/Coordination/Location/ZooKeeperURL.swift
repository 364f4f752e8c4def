/// A parsed `zk://[user:password@]host:port[,host:port...]/path` URL (Mesos's `--zk` and
/// `--master` syntax): the servers to connect to and the znode path the group lives under.
public struct ZooKeeperURL: Sendable, Equatable, CustomStringConvertible {
    /// Digest credentials (`user:password`), added to the session with `zoo_add_auth`.
    public struct Credentials: Sendable, Equatable {
        /// The user name.
        public let user: String
        /// The password (never logged).
        public let password: String

        /// Credentials `user:password`.
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    /// The servers, in the URL's order.
    public let hosts: [HostPort]
    /// The znode path (absolute, never just "/", no trailing slash).
    public let path: String
    /// Credentials, if the URL has them.
    public let credentials: Credentials?

    /// The C client's connection string: `host:port,host:port`.
    public var servers: String { self.hosts.map(\.description).joined(separator: ",") }

    /// The URL with the password masked, safe to log.
    public var description: String {
        let auth = self.credentials.map { "\($0.user):***@" } ?? ""
        return "zk://\(auth)\(self.servers)\(self.path)"
    }

    /// Parses and validates `text`; the error says what is wrong.
    public static func parse(_ text: String) throws(ZooKeeperURLError) -> ZooKeeperURL {
        let fail = { (reason: String) in ZooKeeperURLError(url: text, reason: reason) }
        guard text.hasPrefix("zk://") else { throw fail("must start with 'zk://'") }
        var rest = text.dropFirst("zk://".count)
        let slash = rest.firstIndex(of: "/")
        var credentials: Credentials?
        if let at = rest.firstIndex(of: "@"), slash.map({ at < $0 }) ?? true {
            let userInfo = rest[..<at]
            guard let colon = userInfo.firstIndex(of: ":"), colon > userInfo.startIndex else {
                throw fail("credentials must be 'user:password'")
            }
            credentials = Credentials(user: String(userInfo[..<colon]), password: String(userInfo[userInfo.index(after: colon)...]))
            rest = rest[rest.index(after: at)...]
        }
        guard let pathStart = rest.firstIndex(of: "/") else { throw fail(rest.isEmpty ? "missing host list and path" : "missing path") }
        let hosts = try Self.parseHosts(rest[..<pathStart], fail: fail)
        let path = try Self.parsePath(rest[pathStart...], fail: fail)
        return ZooKeeperURL(hosts: hosts, path: path, credentials: credentials)
    }

    private static func parseHosts(_ list: Substring, fail: (String) -> ZooKeeperURLError) throws(ZooKeeperURLError) -> [HostPort] {
        guard !list.isEmpty else { throw fail("missing host list") }
        var hosts: [HostPort] = []
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard !entry.isEmpty else { throw fail("empty entry in host list '\(list)'") }
            switch HostPort.parse(entry, requirePort: true) {
            case .success(let host): hosts.append(host)
            case .failure(let problem): throw fail(problem.reason)
            }
        }
        return hosts
    }

    private static func parsePath(_ raw: Substring, fail: (String) -> ZooKeeperURLError) throws(ZooKeeperURLError) -> String {
        guard raw != "/" else { throw fail("path must name a znode, not just '/'") }
        let path = raw.count > 1 && raw.hasSuffix("/") ? String(raw.dropLast()) : String(raw)
        if let problem = ZooKeeperPath.problem(with: path) { throw fail("invalid path '\(raw)': \(problem)") }
        return path
    }
}

/// A zk:// URL that does not parse.
public struct ZooKeeperURLError: Error, Equatable, CustomStringConvertible {
    /// The URL as given, with any password masked.
    public let url: String
    /// What is wrong with it.
    public let reason: String

    init(url: String, reason: String) {
        self.url = Self.masked(url)
        self.reason = reason
    }

    /// A sentence for error messages.
    public var description: String { "malformed zk:// URL '\(self.url)': \(self.reason)" }

    /// `zk://user:secret@h/p` → `zk://user:***@h/p`.
    static func masked(_ url: String) -> String {
        guard url.hasPrefix("zk://"), let at = url.firstIndex(of: "@") else { return url }
        let userInfo = url[url.index(url.startIndex, offsetBy: 5)..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
