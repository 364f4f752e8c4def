import OfferMatching

extension AppsCore {
    /// The first `count` of `candidates` to kill on scale-down, as Marathon's
    /// `ScalingProposition`: queued instances first, then picks that keep GROUP_BY spreads
    /// even, then by condition (unreachable, staging, starting, running) and age per
    /// `killSelection` (YOUNGEST_FIRST: latest start first).
    func killOrder(_ candidates: [Instance], app: AppDefinition, count: Int) -> [String] {
        guard count > 0 else { return [] }
        let sorted = candidates.sorted { self.killsBefore($0, $1, app.killSelection) }
        let queued = sorted.filter { $0.task == nil }.map(\.id)
        let launched = sorted.filter { $0.task != nil }
        let balanced = ConstraintBalancer.instancesToKill(
            launched.map { (id: $0.id, placement: $0.task!.placement) }, count: max(0, count - queued.count),
            constraints: app.constraints)
        let rest = launched.map(\.id).filter { !balanced.contains($0) }
        return Array((queued + balanced + rest).prefix(count))
    }

    private func killsBefore(_ lhs: Instance, _ rhs: Instance, _ selection: KillSelection) -> Bool {
        let (leftWeight, rightWeight) = (Self.killWeight(lhs), Self.killWeight(rhs))
        if leftWeight != rightWeight { return leftWeight < rightWeight }
        let leftTime = lhs.task.map { $0.startedAt ?? $0.stagedAt } ?? lhs.queuedAt
        let rightTime = rhs.task.map { $0.startedAt ?? $0.stagedAt } ?? rhs.queuedAt
        if leftTime != rightTime { return selection == .youngestFirst ? leftTime > rightTime : leftTime < rightTime }
        return lhs.id < rhs.id
    }

    /// Lower goes first.
    static func killWeight(_ instance: Instance) -> Int {
        guard let task = instance.task else { return 0 }
        if task.isInactive || task.state == .unreachable { return 1 }
        switch task.state {
        case nil, .staging: return 2
        case .starting: return 3
        case .running: return 4
        default: return 5
        }
    }
}
