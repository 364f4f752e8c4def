@_exported import OfferMatching

extension ResourceOffer {
    /// A Mesos offer as placement sees it: scalars and ports by allocation role (reserved
    /// resources under their reservation's role), attributes, fault domain.
    public init(_ offer: Mesos.Offer) {
        var byRole: [String: RoleResources] = [:]
        for resource in offer.resources {
            let role = resource.reservations.last?.role ?? (resource.hasRole && resource.role != "*" ? resource.role : "*")
            var entry = byRole[role] ?? RoleResources()
            switch resource.type {
            case .scalar: entry.scalars[resource.name, default: 0] += resource.scalar.value
            case .ranges where resource.name == "ports":
                entry.ports += resource.ranges.range.map { ValueRange(Int($0.begin), Int($0.end)) }
            default: break
            }
            byRole[role] = entry
        }
        var attributes: [String: AttributeValue] = [:]
        for attribute in offer.attributes { attributes[attribute.name] = AttributeValue(attribute) }
        self.init(
            id: offer.id.value, agentID: offer.agentID.value, hostname: offer.hostname, attributes: attributes,
            region: offer.hasDomain && offer.domain.hasFaultDomain ? offer.domain.faultDomain.region.name : nil,
            zone: offer.hasDomain && offer.domain.hasFaultDomain ? offer.domain.faultDomain.zone.name : nil,
            resources: byRole)
    }
}

extension AttributeValue {
    init(_ attribute: Mesos.Attribute) {
        switch attribute.type {
        case .scalar: self = .scalar(attribute.scalar.value)
        case .ranges: self = .ranges(attribute.ranges.range.map { ValueRange(Int($0.begin), Int($0.end)) })
        case .set: self = .set(attribute.set.item)
        default: self = .text(attribute.text.value)
        }
    }
}

extension ResourceAllocation {
    /// The resources to put in a TaskInfo, tagged with their allocation role (`role` of the
    /// offers, for MULTI_ROLE frameworks) — what `OfferPool.take` chose, ports included.
    public func mesosResources(allocationRole: String? = nil) -> [Mesos.Resource] {
        var resources: [Mesos.Resource] = []
        for (role, taken) in self.byRole.sorted(by: { $0.key < $1.key }) {
            var part: [Mesos.Resource] = taken.scalars.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { .scalar($0.key, $0.value) }
            let ports = taken.ports.flatMap { range in (range.begin...range.end).map(UInt64.init) }
            if !ports.isEmpty { part.append(.ports(ports)) }
            if role != "*" {
                part = part.map { resource in
                    var reserved = resource
                    reserved.reservations = [.with { $0.type = .static; $0.role = role }]
                    return reserved
                }
            }
            resources += part
        }
        guard let allocationRole else { return resources }
        return resources.map { $0.allocated(to: allocationRole) }
    }
}
