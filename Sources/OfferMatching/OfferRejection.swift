/// Why an offer did not match, in Marathon's `NoOfferMatchReason` names (the `/v2/queue`
/// `processedOffersSummary` and `lastUnusedOffers` reasons).
public enum NoMatchReason: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case unfulfilledRole = "UnfulfilledRole"
    case unfulfilledConstraint = "UnfulfilledConstraint"
    case noCorrespondingReservationFound = "NoCorrespondingReservationFound"
    case agentMaintenance = "AgentMaintenance"
    case insufficientCpus = "InsufficientCpus"
    case insufficientMemory = "InsufficientMemory"
    case insufficientDisk = "InsufficientDisk"
    case insufficientGpus = "InsufficientGpus"
    case insufficientPorts = "InsufficientPorts"
    case declinedScarceResources = "DeclinedScarceResources"

    /// Marathon's funnel order (`NoOfferMatchReason.reasonFunnelOrder`): an offer rejected for
    /// several reasons is counted under the first of them in this order.
    public static let funnelOrder: [NoMatchReason] = NoMatchReason.allCases

    public static func < (lhs: NoMatchReason, rhs: NoMatchReason) -> Bool {
        funnelOrder.firstIndex(of: lhs)! < funnelOrder.firstIndex(of: rhs)!
    }
}

/// One reason an offer was rejected, with the detail a human needs.
public enum OfferRejection: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A scalar (`cpus`, `mem`, `disk`, `gpus`) is short: `needed` asked, `available` offered in accepted roles.
    case insufficientScalar(resource: String, needed: Double, available: Double)
    /// Not enough ports, or required ports (`requirePorts`) are not offered.
    case insufficientPorts(needed: Int, available: Int, missing: [Int])
    /// None of the offered roles is accepted by the app.
    case unfulfilledRole(accepted: [String], offered: [String])
    /// A placement constraint fails on this agent given the instances already placed.
    case unfulfilledConstraint(PlacementConstraint)
    /// The agent has a scarce resource (GPUs) the task does not need.
    case declinedScarceResources(resource: String)

    /// Marathon's reason name.
    public var reason: NoMatchReason {
        switch self {
        case .insufficientScalar(let resource, _, _):
            switch resource {
            case "cpus": .insufficientCpus
            case "mem": .insufficientMemory
            case "disk": .insufficientDisk
            default: .insufficientGpus
            }
        case .insufficientPorts: .insufficientPorts
        case .unfulfilledRole: .unfulfilledRole
        case .unfulfilledConstraint: .unfulfilledConstraint
        case .declinedScarceResources: .declinedScarceResources
        }
    }

    public var description: String {
        switch self {
        case .insufficientScalar(let resource, let needed, let available):
            "\(resource): needed \(AttributeValue.formatScalar(needed)), offered \(AttributeValue.formatScalar(available)) "
                + "(short by \(AttributeValue.formatScalar(needed - available)))"
        case .insufficientPorts(let needed, let available, let missing):
            missing.isEmpty
                ? "ports: needed \(needed), offered \(available)"
                : "ports: required ports \(missing.map(String.init).joined(separator: ",")) not offered"
        case .unfulfilledRole(let accepted, let offered):
            "role: accepts \(accepted.joined(separator: ",")), offered \(offered.joined(separator: ","))"
        case .unfulfilledConstraint(let constraint): "constraint \(constraint) not met"
        case .declinedScarceResources(let resource): "agent has \(resource) the task does not use"
        }
    }
}
