/// Znode path rules (ZooKeeper's `PathUtils.validatePath`), checked before calling the
/// library so bad paths get a reason instead of a bare "bad arguments".
public enum ZooKeeperPath {
    /// Throws `.invalidPath` unless `path` is absolute, has no empty, "." or ".." segment,
    /// no trailing slash (allowed for sequential creates, where ZooKeeper appends the
    /// number) and no control or reserved characters.
    public static func validate(_ path: String, sequential: Bool = false) throws(ZooKeeperError) {
        if let reason = Self.problem(with: path, sequential: sequential) {
            throw .invalidPath(path: path, reason: reason)
        }
    }

    /// Why `path` is invalid, or nil.
    public static func problem(with path: String, sequential: Bool = false) -> String? {
        guard path.hasPrefix("/") else { return path.isEmpty ? "empty path" : "must start with '/'" }
        if path == "/" { return nil }
        if path.hasSuffix("/") && !sequential { return "must not end with '/'" }
        if let character = path.unicodeScalars.first(where: Self.isForbidden) {
            return "contains the forbidden character U+\(String(character.value, radix: 16, uppercase: true))"
        }
        var segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if sequential && path.hasSuffix("/") { segments.removeLast() }
        if segments.contains(where: \.isEmpty) { return "contains an empty segment ('//')" }
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return "contains a relative segment ('.' or '..')" }
        return nil
    }

    /// `parent` + "/" + `child`, without doubling the root's slash.
    public static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }

    /// "/a/b/c" → ["/a", "/a/b", "/a/b/c"]; the root has none.
    public static func prefixes(of path: String) -> [String] {
        var result: [String] = []
        var current = ""
        for segment in path.split(separator: "/") {
            current += "/" + segment
            result.append(current)
        }
        return result
    }

    /// The last segment: "/a/b" → "b".
    public static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xD800...0xF8FF, 0xFFF0...0xFFFF: true
        default: false
        }
    }
}
