extension OfferPool {
    /// Every reason an instance with `demand` and `constraints` cannot go on this pool, given
    /// where the app's instances already are (`placed`, including ones placed earlier in the
    /// same offer round). Empty when it fits.
    public func rejections(
        for demand: ResourceDemand, constraints: [PlacementConstraint], placed: [Placement],
        options: MatchOptions = MatchOptions()
    ) -> [OfferRejection] {
        let failed = constraints.filter { !$0.isSatisfied(at: self.placement, alongside: placed) }
        return failed.map(OfferRejection.unfulfilledConstraint) + self.rejections(for: demand, options: options)
    }

    /// Takes resources for one instance if the constraints and resources allow it.
    public mutating func take(
        _ demand: ResourceDemand, constraints: [PlacementConstraint], placed: [Placement],
        options: MatchOptions = MatchOptions()
    ) -> Result<ResourceAllocation, RejectionList> {
        let failed = constraints.filter { !$0.isSatisfied(at: self.placement, alongside: placed) }
        guard failed.isEmpty else {
            return .failure(RejectionList(failed.map(OfferRejection.unfulfilledConstraint) + self.rejections(for: demand, options: options)))
        }
        return self.take(demand, options: options)
    }
}
