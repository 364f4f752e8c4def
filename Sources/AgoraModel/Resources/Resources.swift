/// A bag of resources in canonical form: at most one entry per identity (name, type,
/// reservations, allocation role, revocability), and no empty entries.
///
/// Order follows first insertion, so wire output is stable; equality ignores order.
public struct Resources: Sendable, Sequence, CustomStringConvertible {
    public internal(set) var items: [Resource]

    public init() { self.items = [] }

    /// Combines `resources` into canonical form.
    public init(_ resources: some Sequence<Resource>) {
        self.items = []
        for resource in resources { self.add(resource) }
    }

    public var isEmpty: Bool { self.items.isEmpty }
    public var count: Int { self.items.count }
    public func makeIterator() -> IndexingIterator<[Resource]> { self.items.makeIterator() }

    /// `cpus:4;mem:1024;ports:[31000-32000];disk(role):100`, the agent flag format.
    public var description: String {
        self.items.map { resource in
            let role = resource.reservedRole.map { "(\($0))" } ?? ""
            return "\(resource.name)\(role):\(Self.describe(resource.value))"
        }.joined(separator: ";")
    }

    // MARK: - Arithmetic

    public mutating func add(_ resource: Resource) {
        guard !resource.value.isEmpty else { return }
        if let index = self.items.firstIndex(where: { $0.hasSameIdentity(as: resource) }) {
            self.items[index].value = self.items[index].value.adding(resource.value)
        } else {
            self.items.append(resource)
        }
    }

    /// Removes what it can of `resource` from the matching entry; scalars stop at zero.
    public mutating func subtract(_ resource: Resource) {
        guard let index = self.items.firstIndex(where: { $0.hasSameIdentity(as: resource) }) else { return }
        let remaining = self.items[index].value.subtracting(resource.value)
        if remaining.isEmpty {
            self.items.remove(at: index)
        } else {
            self.items[index].value = remaining
        }
    }

    public static func + (lhs: Resources, rhs: Resources) -> Resources {
        var result = lhs
        result += rhs
        return result
    }

    public static func - (lhs: Resources, rhs: Resources) -> Resources {
        var result = lhs
        result -= rhs
        return result
    }

    public static func += (lhs: inout Resources, rhs: Resources) {
        for resource in rhs.items { lhs.add(resource) }
    }

    public static func -= (lhs: inout Resources, rhs: Resources) {
        for resource in rhs.items { lhs.subtract(resource) }
    }

    /// Whether every resource of `other` is fully present here, identity included.
    public func contains(_ other: Resources) -> Bool {
        other.items.allSatisfy { self.contains($0) }
    }

    public func contains(_ resource: Resource) -> Bool {
        guard let match = self.items.first(where: { $0.hasSameIdentity(as: resource) }) else {
            return resource.value.isEmpty
        }
        return match.value.contains(resource.value)
    }

    private static func describe(_ value: ResourceValue) -> String {
        switch value {
        case .scalar(let scalar): scalar.description
        case .ranges(let ranges): ranges.description
        case .set(let items): "{" + items.sorted().joined(separator: ",") + "}"
        }
    }
}

extension Resources: Hashable {
    /// Equal when they hold the same resources, in any order.
    public static func == (lhs: Resources, rhs: Resources) -> Bool {
        lhs.items.count == rhs.items.count && lhs.items.allSatisfy { rhs.items.contains($0) }
    }

    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for item in self.items { combined ^= item.hashValue }
        hasher.combine(combined)
    }
}

extension Resources: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Resource...) { self.init(elements) }
}
