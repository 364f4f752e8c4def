/// Marathon's `TaskReplaceActor.computeRestartStrategy` (reference §4.2).
public struct RestartStrategy: Hashable, Sendable {
    /// Old instances to kill at once.
    public var killImmediately: Int
    /// Upper bound of old + new instances during the restart.
    public var maxCapacity: Int

    public init(killImmediately: Int, maxCapacity: Int) {
        self.killImmediately = killImmediately
        self.maxCapacity = maxCapacity
    }

    /// - Parameters:
    ///   - instances: the target instance count (> 0).
    ///   - consideredHealthy: running instances (old and new) that count as healthy.
    ///   - currentInstances: all existing instances (old and new).
    public static func compute(
        instances: Int, upgrade: UpgradeStrategy, consideredHealthy: Int, currentInstances: Int
    ) -> RestartStrategy {
        let minHealthy = Int((Double(instances) * upgrade.minimumHealthCapacity).rounded(.up))
        var maxCapacity = Int((Double(instances) * (1 + upgrade.maximumOverCapacity)).rounded(.down))
        var killImmediately = max(0, consideredHealthy - minHealthy)
        // Equal bounds would deadlock: allow one instance of over-capacity (non-resident apps).
        if minHealthy == maxCapacity && maxCapacity <= consideredHealthy { maxCapacity += 1 }
        // Extra instances left by an overridden deployment may all go at once.
        if instances < currentInstances { killImmediately = max(currentInstances - instances, killImmediately) }
        return RestartStrategy(killImmediately: killImmediately, maxCapacity: maxCapacity)
    }
}
