/// One contender's znode in an election group: `<label>_<sequence>`.
public struct ElectionMember: Sendable, Equatable, Comparable {
    /// The znode name (not the path), e.g. `json.info_0000000004`.
    public let name: String
    /// The sequence ZooKeeper appended.
    public let sequence: Int64

    /// A member named `name` with sequence `sequence`.
    public init(name: String, sequence: Int64) {
        self.name = name
        self.sequence = sequence
    }

    /// Lower sequence first (then name, for a total order).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.sequence, lhs.name) < (rhs.sequence, rhs.name)
    }
}

/// The election rules, as Mesos applies them: members are the children named
/// `<label>_<digits>` (others, such as `log_replicas`, are ignored); the leader is the member
/// with the lowest sequence; every other member watches only the member just before it.
public enum Election {
    /// Where a contender stands.
    public enum Standing: Sendable, Equatable {
        /// Its node is the lowest: it leads.
        case leader
        /// Another node is lower; it should watch `predecessor` (a node name).
        case follower(predecessor: String)
        /// Its node is not among the members (deleted, or its session ended).
        case absent
    }

    /// The members among `children` (znode names), lowest sequence first.
    public static func members(of children: [String], label: String) -> [ElectionMember] {
        children.compactMap { name in Self.sequence(of: name, label: label).map { ElectionMember(name: name, sequence: $0) } }.sorted()
    }

    /// The sequence of `name` if it is `<label>_` followed by digits only.
    public static func sequence(of name: String, label: String) -> Int64? {
        let prefix = label + "_"
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }

    /// Where the member named `node` stands among `members` (sorted, as `members(of:label:)` returns).
    public static func standing(of node: String, among members: [ElectionMember]) -> Standing {
        guard let index = members.firstIndex(where: { $0.name == node }) else { return .absent }
        return index == 0 ? .leader : .follower(predecessor: members[index - 1].name)
    }
}
