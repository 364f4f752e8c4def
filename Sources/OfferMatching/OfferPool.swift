/// The offers of one agent combined into one pool (Mesos accepts several offers of one agent
/// together), and what is left of them while tasks are carved out one by one.
///
///     var pools = OfferPool.combining(offers)
///     switch pools[0].take(demand) { case .success(let allocation): ...; case .failure(let why): ... }
///
/// Scalars are kept in thousandths (Mesos's fixed-point precision) so repeated takes never drift.
public struct OfferPool: Hashable, Sendable {
    public let agentID: String
    public let placement: Placement
    public private(set) var offerIDs: [String]
    /// Left per role: scalars in thousandths, free ports as sorted disjoint ranges.
    var stock: [String: Stock]

    struct Stock: Hashable, Sendable {
        var scalars: [String: Int64] = [:]
        var ports: [ValueRange] = []
    }

    public init(_ offer: ResourceOffer) {
        self.agentID = offer.agentID
        self.placement = offer.placement
        self.offerIDs = []
        self.stock = [:]
        self.add(offer)
    }

    /// Groups offers by agent, keeping the order in which agents first appear.
    public static func combining(_ offers: [ResourceOffer]) -> [OfferPool] {
        var pools: [OfferPool] = []
        var index: [String: Int] = [:]
        for offer in offers {
            if let at = index[offer.agentID] {
                pools[at].add(offer)
            } else {
                index[offer.agentID] = pools.count
                pools.append(OfferPool(offer))
            }
        }
        return pools
    }

    /// Adds another offer of the same agent to the pool.
    public mutating func add(_ offer: ResourceOffer) {
        precondition(offer.agentID == self.agentID, "offer \(offer.id) is for agent \(offer.agentID), not \(self.agentID)")
        self.offerIDs.append(offer.id)
        for (role, resources) in offer.resources {
            var stock = self.stock[role] ?? Stock()
            for (name, amount) in resources.scalars { stock.scalars[name, default: 0] += Self.thousandths(amount) }
            stock.ports = ValueRange.merged(stock.ports + resources.ports)
            self.stock[role] = stock
        }
    }

    /// What is left, by role.
    public var remaining: [String: RoleResources] {
        self.stock.mapValues { stock in
            RoleResources(scalars: stock.scalars.mapValues { Double($0) / 1000 }, ports: stock.ports)
        }
    }

    /// Total left of scalar `name` over every role.
    public func scalar(_ name: String) -> Double {
        Double(self.stock.values.reduce(0) { $0 + ($1.scalars[name] ?? 0) }) / 1000
    }

    /// Roles that still hold something.
    public var roles: [String] {
        self.stock.filter { _, stock in stock.scalars.values.contains { $0 > 0 } || !stock.ports.isEmpty }.keys.sorted()
    }

    /// Every reason `demand` does not fit what is left; empty when it fits.
    public func rejections(for demand: ResourceDemand, options: MatchOptions = MatchOptions()) -> [OfferRejection] {
        var found: [OfferRejection] = []
        let roles = self.usableRoles(for: demand)
        if roles.isEmpty, let accepted = demand.acceptedRoles {
            found.append(.unfulfilledRole(accepted: accepted.sorted(), offered: self.roles))
        }
        if options.declineScarceGPUs, demand.gpus <= 0, self.scalar("gpus") > 0 {
            found.append(.declinedScarceResources(resource: "gpus"))
        }
        for (name, amount) in demand.scalars where amount > 0 {
            let available = roles.reduce(Int64(0)) { $0 + (self.stock[$1]?.scalars[name] ?? 0) }
            if available < Self.thousandths(amount) {
                found.append(.insufficientScalar(resource: name, needed: amount, available: Double(available) / 1000))
            }
        }
        if let shortfall = self.portShortfall(demand.ports, roles: roles) { found.append(shortfall) }
        return found
    }

    /// Takes what `demand` needs, or returns why it does not fit (taking nothing).
    public mutating func take(
        _ demand: ResourceDemand, options: MatchOptions = MatchOptions()
    ) -> Result<ResourceAllocation, RejectionList> {
        let rejections = self.rejections(for: demand, options: options)
        guard rejections.isEmpty else { return .failure(RejectionList(rejections)) }
        let roles = self.usableRoles(for: demand)
        var byRole: [String: RoleResources] = [:]
        for (name, amount) in demand.scalars where amount > 0 {
            var needed = Self.thousandths(amount)
            for role in roles where needed > 0 {
                let taken = min(needed, self.stock[role]?.scalars[name] ?? 0)
                guard taken > 0 else { continue }
                needed -= taken
                self.stock[role]!.scalars[name]! -= taken
                byRole[role, default: RoleResources()].scalars[name, default: 0] += Double(taken) / 1000
            }
        }
        let ports = self.takePorts(demand.ports, roles: roles, into: &byRole)
        return .success(ResourceAllocation(agentID: self.agentID, offerIDs: self.offerIDs, byRole: byRole, ports: ports))
    }

    /// Roles whose resources the demand may use: reserved roles first (by name), `*` last.
    func usableRoles(for demand: ResourceDemand) -> [String] {
        let offered = self.stock.keys.filter { demand.acceptedRoles?.contains($0) ?? true }
        return offered.sorted { lhs, rhs in
            if (lhs == "*") != (rhs == "*") { return rhs == "*" }
            return lhs < rhs
        }
    }

    static func thousandths(_ amount: Double) -> Int64 { Int64((amount * 1000).rounded()) }
}

/// Several rejections as one error value.
public struct RejectionList: Error, Hashable, Sendable {
    public var rejections: [OfferRejection]
    public init(_ rejections: [OfferRejection]) { self.rejections = rejections }
}
