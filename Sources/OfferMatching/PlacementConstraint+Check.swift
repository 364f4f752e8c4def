extension PlacementConstraint {
    /// Whether placing one more instance at `target` keeps the constraint, given where this
    /// app's other instances are (`placed`). Marathon's semantics (`mesos/Constraints.scala`):
    /// a missing field fails every operator but `UNLIKE`; `LIKE`/`UNLIKE` match the whole value;
    /// `IS` compares text, or a scalar formatted to three decimals.
    public func isSatisfied(at target: Placement, alongside placed: [Placement]) -> Bool {
        guard let offered = target.value(of: self.field) else { return self.operator == .unlike }
        let value = self.value ?? ""
        switch self.operator {
        case .like: return Self.fullyMatches(offered, value)
        case .unlike: return !Self.fullyMatches(offered, value)
        case .unique: return placed.allSatisfy { $0.value(of: self.field) != offered }
        case .maxPer:
            let limit = Int(value) ?? 0
            return placed.count { $0.value(of: self.field) == offered } < limit
        case .cluster:
            if value.isEmpty { return placed.first.map { $0.value(of: self.field) == offered } ?? true }
            return offered == value
        case .is: return offered == Self.comparable(value)
        case .groupBy: return self.groupByAccepts(offered, placed: placed)
        }
    }

    /// GROUP_BY: a value not yet used is always fine; a used one only if it holds the fewest
    /// instances and at least `value` (default 0) distinct values are in use.
    private func groupByAccepts(_ offered: String, placed: [Placement]) -> Bool {
        let minimum = self.value == "inf" ? Int.max : max(0, Int(self.value ?? "") ?? 0)
        var counts: [String?: Int] = [:]
        for placement in placed { counts[placement.value(of: self.field), default: 0] += 1 }
        guard let count = counts[offered] else { return true }
        return counts.count >= minimum && count == counts.values.min()
    }

    /// A constraint value that looks like a scalar compares in the attribute's scalar format.
    private static func comparable(_ value: String) -> String {
        guard Self.looksScalar(value), let number = Double(value) else { return value }
        return AttributeValue.formatScalar(number)
    }

    private static func looksScalar(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        return true
    }

    /// Whole-string regex match; an invalid pattern matches nothing (validation rejects it earlier).
    static func fullyMatches(_ text: String, _ pattern: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        do {
            return try Regex(pattern).wholeMatch(in: text) != nil
        } catch {
            return false
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
