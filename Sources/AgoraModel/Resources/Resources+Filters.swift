extension Resources {
    /// The entries that satisfy `predicate`.
    public func filter(_ predicate: (Resource) -> Bool) -> Resources {
        var result = Resources()
        result.items = self.items.filter(predicate)
        return result
    }

    /// Resources reserved to no role.
    public var unreserved: Resources { self.hasReservations ? self.filter(\.isUnreserved) : self }

    /// Resources reserved to some role.
    public var reserved: Resources { self.filter { !$0.isUnreserved } }

    /// Resources reserved exactly to `role`.
    public func reserved(to role: String) -> Resources { self.filter { $0.reservedRole == role } }

    /// What a framework acting in `role` may be offered: unreserved resources plus
    /// reservations of `role` and of its ancestors.
    public func allocatable(to role: String) -> Resources { self.filter { $0.isAllocatable(to: role) } }

    public var revocable: Resources { self.filter(\.isRevocable) }
    public var nonRevocable: Resources { self.hasRevocable ? self.filter { !$0.isRevocable } : self }

    /// Scalar entries only (cpus, mem, disk, gpus, ...).
    public var scalars: Resources { self.filter { $0.scalarValue != nil } }

    /// Range and set entries (ports, ...).
    public var nonScalars: Resources { self.filter { $0.scalarValue == nil } }

    public func named(_ name: String) -> Resources { self.filter { $0.name == name } }

    /// The same resources tagged as offered to or allocated to `role`.
    public func allocated(to role: String) -> Resources {
        self.retagged(role)
    }

    /// The same resources with their allocation role cleared.
    public var unallocated: Resources { self.retagged(nil) }

    /// Sets every allocation role to `role`. When the entries had at most one allocation
    /// role between them, identities stay distinct and no re-combining is needed.
    private func retagged(_ role: String?) -> Resources {
        let first = self.items.first?.allocationRole
        guard self.items.allSatisfy({ $0.allocationRole == first }) else {
            return Resources(self.items.map { resource in
                var copy = resource
                copy.allocationRole = role
                return copy
            })
        }
        if first == role { return self }
        var result = self
        for index in result.items.indices { result.items[index].allocationRole = role }
        return result
    }

    /// Whether any entry is reserved.
    public var hasReservations: Bool { self.items.contains { !$0.isUnreserved } }

    /// Whether any entry is revocable.
    public var hasRevocable: Bool { self.items.contains(where: \.isRevocable) }

    /// The allocation roles present.
    public var allocationRoles: Set<String> { Set(self.items.compactMap(\.allocationRole)) }

    /// Sum of the scalar named `name` across every identity.
    public func scalar(_ name: String) -> Scalar {
        self.items.reduce(.zero) { sum, item in
            guard item.name == name, let value = item.scalarValue else { return sum }
            return sum + value
        }
    }

    /// All scalar quantities summed by name, identity ignored.
    public var quantities: ResourceQuantities {
        var result = ResourceQuantities()
        for item in self.items {
            if let value = item.scalarValue { result[item.name] += value }
        }
        return result
    }

    /// The union of every ranges resource named `name` (identity ignored).
    public func ranges(_ name: String) -> ValueRanges {
        self.items.reduce(ValueRanges()) { union, item in
            guard item.name == name, case .ranges(let ranges) = item.value else { return union }
            return union + ranges
        }
    }
}
