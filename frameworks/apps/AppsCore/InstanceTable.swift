/// The instances by ID, with counts per app kept current on every change.
///
/// `converge` runs after every input and asks of each app "how many are active, is one
/// queued, is one being killed"; counting an app of hundreds of instances each time made
/// deployments quadratic. Invariant: `counts(of:)` always equals counting the stored
/// instances of that app (every write goes through the subscript or `removeValue`).
public struct InstanceTable: Sendable, Equatable {
    public private(set) var byID: [String: Instance] = [:]
    private var countsByApp: [PathID: InstanceCounts] = [:]

    public init() {}

    /// Equal when they hold the same instances (the counts follow from them).
    public static func == (lhs: InstanceTable, rhs: InstanceTable) -> Bool { lhs.byID == rhs.byID }

    public subscript(id: String) -> Instance? {
        get { self.byID[id] }
        set {
            let old = newValue.map { self.byID.updateValue($0, forKey: id) } ?? self.byID.removeValue(forKey: id)
            self.adjust(removing: old, adding: newValue)
        }
    }

    /// Removes and returns the instance.
    @discardableResult
    public mutating func removeValue(forKey id: String) -> Instance? {
        let old = self.byID.removeValue(forKey: id)
        self.adjust(removing: old, adding: nil)
        return old
    }

    public var count: Int { self.byID.count }
    public var keys: Dictionary<String, Instance>.Keys { self.byID.keys }
    public var values: Dictionary<String, Instance>.Values { self.byID.values }

    /// The counts of the app's instances.
    public func counts(of appID: PathID) -> InstanceCounts { self.countsByApp[appID] ?? InstanceCounts() }

    private mutating func adjust(removing old: Instance?, adding new: Instance?) {
        if let old {
            let counts = self.countsByApp[old.appID, default: InstanceCounts()].adding(old, -1)
            self.countsByApp[old.appID] = counts.isEmpty ? nil : counts
        }
        if let new { self.countsByApp[new.appID] = self.countsByApp[new.appID, default: InstanceCounts()].adding(new, 1) }
    }
}

/// How many of an app's instances are in each condition `converge` asks about.
public struct InstanceCounts: Hashable, Sendable {
    public var all = 0
    /// `isActive`: counted toward the app's `instances`.
    public var active = 0
    /// `isQueued`: waiting for an offer.
    public var queued = 0
    /// Goal `decommissioned`: being killed.
    public var decommissioned = 0

    public init() {}

    /// Counts exactly as iterating the instances would (for tests and checks).
    public init<S: Sequence>(counting instances: S) where S.Element == Instance {
        self = instances.reduce(InstanceCounts()) { $0.adding($1, 1) }
    }

    var isEmpty: Bool { self.all == 0 }

    func adding(_ instance: Instance, _ sign: Int) -> InstanceCounts {
        var counts = self
        counts.all += sign
        if instance.isActive { counts.active += sign }
        if instance.isQueued { counts.queued += sign }
        if instance.goal == .decommissioned { counts.decommissioned += sign }
        return counts
    }
}
