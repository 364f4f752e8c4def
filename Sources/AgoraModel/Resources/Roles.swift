/// Role names and their hierarchy (`eng/web` is a child of `eng`; `*` is the default role).
public enum Roles {
    /// The role of unreserved resources and of frameworks that name none.
    public static let defaultRole = "*"

    /// Whether `role` equals `ancestor` or lies below it in the hierarchy.
    public static func isSameOrDescendant(_ role: String, of ancestor: String) -> Bool {
        guard role.count > ancestor.count else { return role == ancestor }
        return role.hasPrefix(ancestor) && role.utf8.dropFirst(ancestor.utf8.count).first == UInt8(ascii: "/")
    }

    /// The top-level role of `role` (`eng` for `eng/web/api`); quota applies at this level.
    public static func topLevel(of role: String) -> String {
        guard let slash = role.firstIndex(of: "/") else { return role }
        return String(role[..<slash])
    }

    /// Checks a role name as Mesos does: non-empty path segments, none `.` or `..`,
    /// no whitespace or control characters, and not starting with `-`.
    public static func validate(_ role: String) -> String? {
        if role == defaultRole { return nil }
        if role.isEmpty { return "Empty role name is invalid" }
        if role.hasPrefix("-") { return "Role '\(role)' cannot start with '-'" }
        for segment in role.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "Role '\(role)' has an empty path segment" }
            if segment == "." || segment == ".." { return "Role '\(role)' cannot contain '.' or '..' segments" }
            if segment == "*" { return "Role '\(role)' cannot contain '*' as a segment" }
        }
        if role.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "Role '\(role)' cannot contain whitespace or control characters"
        }
        return nil
    }
}
