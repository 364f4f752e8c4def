/// A Marathon app ID: an absolute path such as `/group/app` (reference §2.1).
public struct PathID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The segments, without empty ones.
    public let segments: [String]

    /// Parses `text` as Marathon does: leading/trailing `/` dropped, `//` collapsed, `.` and `..`
    /// resolved (relative IDs resolve against `base`). Does not validate segment syntax.
    public init(_ text: String, relativeTo base: PathID = .root) {
        let raw = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var segments = text.hasPrefix("/") ? [] : base.segments
        for segment in raw {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        self.segments = segments
    }

    public init(segments: [String]) { self.segments = segments }

    public static let root = PathID(segments: [])

    public var isRoot: Bool { self.segments.isEmpty }

    /// `/a/b`; the root is `/`.
    public var description: String { "/" + self.segments.joined(separator: "/") }

    /// The parent path (root's parent is root).
    public var parent: PathID { PathID(segments: Array(self.segments.dropLast())) }

    /// Segments joined with `_`, the prefix of task IDs (`group_app.instance-...`).
    public var safePath: String { self.segments.joined(separator: "_") }

    /// Whether `self` is `other` or lies under it.
    public func isWithin(_ other: PathID) -> Bool { self.segments.starts(with: other.segments) }

    public static func < (lhs: PathID, rhs: PathID) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }

    /// Marathon's validation errors for an app ID, empty when valid.
    public var validationErrors: [String] {
        if self.isRoot { return ["Path must contain at least one path element"] }
        var errors: [String] = []
        if self.segments.contains(where: { !Self.isValidSegment($0) }) {
            errors.append("must fully match regular expression '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$'")
        }
        if let last = self.segments.last, Self.reservedLastSegments.contains(last) {
            errors.append("must not end with any of the following reserved keywords: " + Self.reservedLastSegments.joined(separator: ", "))
        }
        return errors
    }

    static let reservedLastSegments = ["restart", "tasks", "versions", ".", ".."]

    /// `label(.label)*` where a label is lower-case letters, digits and inner `-`.
    static func isValidSegment(_ segment: String) -> Bool {
        let labels = segment.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            let allowed = label.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
            return allowed && first != "-" && last != "-"
        }
    }
}
