import Foundation

/// What is left of one offer while a framework carves tasks out of it.
///
///     var budget = OfferResources(offer)
///     while let resources = budget.take(cpus: 0.1, mem: 32, ports: 1) { ... }
public struct OfferResources: Sendable {
    public let offer: Mesos.Offer
    public private(set) var cpus: Double
    public private(set) var mem: Double
    public private(set) var disk: Double
    /// Free ports, lowest first.
    public private(set) var ports: [UInt64]
    private let role: String?

    public init(_ offer: Mesos.Offer) {
        self.offer = offer
        self.cpus = offer.scalar("cpus")
        self.mem = offer.scalar("mem")
        self.disk = offer.scalar("disk")
        self.ports = offer.ports
        self.role = offer.hasAllocationInfo ? offer.allocationInfo.role : nil
    }

    /// Takes resources for one task, or returns nil (taking nothing) if they don't fit.
    public mutating func take(cpus: Double, mem: Double, disk: Double = 0, ports count: Int = 0) -> [Mesos.Resource]? {
        let epsilon = 1e-9
        guard cpus <= self.cpus + epsilon, mem <= self.mem + epsilon, disk <= self.disk + epsilon, count <= self.ports.count else {
            return nil
        }
        self.cpus -= cpus
        self.mem -= mem
        self.disk -= disk
        let taken = Array(self.ports.prefix(count))
        self.ports.removeFirst(count)
        var resources = [Mesos.Resource.scalar("cpus", cpus), Mesos.Resource.scalar("mem", mem)]
        if disk > 0 { resources.append(.scalar("disk", disk)) }
        if !taken.isEmpty { resources.append(.ports(taken)) }
        if let role { resources = resources.map { $0.allocated(to: role) } }
        return resources
    }
}

extension Mesos.Offer {
    /// Total of the scalar resource `name` in the offer.
    public func scalar(_ name: String) -> Double {
        self.resources.filter { $0.name == name && $0.type == .scalar }.reduce(0) { $0 + $1.scalar.value }
    }

    /// Every port the offer holds, ascending.
    public var ports: [UInt64] {
        self.resources.filter { $0.name == "ports" && $0.type == .ranges }
            .flatMap { $0.ranges.range.flatMap { Array($0.begin...$0.end) } }.sorted()
    }
}

extension Mesos.Resource {
    /// A scalar resource such as `cpus: 0.5`.
    public static func scalar(_ name: String, _ value: Double) -> Mesos.Resource {
        .with {
            $0.name = name
            $0.type = .scalar
            $0.scalar.value = value
        }
    }

    /// A ports resource holding exactly `ports`.
    public static func ports(_ ports: [UInt64]) -> Mesos.Resource {
        .with {
            $0.name = "ports"
            $0.type = .ranges
            $0.ranges.range = ports.sorted().map { port in .with { $0.begin = port; $0.end = port } }
        }
    }

    /// The resource tagged with an allocation role (needed for MULTI_ROLE frameworks).
    public func allocated(to role: String) -> Mesos.Resource {
        var copy = self
        copy.allocationInfo.role = role
        return copy
    }
}
