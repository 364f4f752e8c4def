/// Scalar quantities by resource name, identity ignored (`cpus:4;mem:1024`).
///
/// Used for shares, quota and minimum-allocatable checks. Kept as a small array sorted by
/// name: clusters have a handful of scalar kinds, so a scan beats hashing.
public struct ResourceQuantities: Hashable, Sendable, CustomStringConvertible {
    public private(set) var entries: [(name: String, amount: Scalar)]

    public init() { self.entries = [] }

    public init(_ pairs: [String: Double]) {
        self.entries = []
        for (name, amount) in pairs { self[name] = Scalar(amount) }
    }

    public var isEmpty: Bool { self.entries.isEmpty }

    /// The amount of `name`, zero when absent. Setting zero or less removes the entry.
    public subscript(name: String) -> Scalar {
        get { self.entries.first(where: { $0.name == name })?.amount ?? .zero }
        set {
            let index = self.entries.firstIndex(where: { $0.name >= name }) ?? self.entries.count
            let present = index < self.entries.count && self.entries[index].name == name
            switch (present, newValue.isPositive) {
            case (true, true): self.entries[index].amount = newValue
            case (true, false): self.entries.remove(at: index)
            case (false, true): self.entries.insert((name, newValue), at: index)
            case (false, false): break
            }
        }
    }

    public var names: [String] { self.entries.map(\.name) }

    /// Whether every quantity of `other` is covered here.
    public func contains(_ other: ResourceQuantities) -> Bool {
        other.entries.allSatisfy { self[$0.name] >= $0.amount }
    }

    public static func + (lhs: ResourceQuantities, rhs: ResourceQuantities) -> ResourceQuantities {
        var result = lhs
        result += rhs
        return result
    }

    /// Subtraction that stops each quantity at zero.
    public static func - (lhs: ResourceQuantities, rhs: ResourceQuantities) -> ResourceQuantities {
        var result = lhs
        result -= rhs
        return result
    }

    public static func += (lhs: inout ResourceQuantities, rhs: ResourceQuantities) {
        for entry in rhs.entries { lhs[entry.name] += entry.amount }
    }

    public static func -= (lhs: inout ResourceQuantities, rhs: ResourceQuantities) {
        for entry in rhs.entries { lhs[entry.name] -= entry.amount }
    }

    public static func == (lhs: ResourceQuantities, rhs: ResourceQuantities) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.amount == $1.amount }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in self.entries {
            hasher.combine(entry.name)
            hasher.combine(entry.amount)
        }
    }

    public var description: String {
        self.entries.map { "\($0.name):\($0.amount)" }.joined(separator: ";")
    }
}
