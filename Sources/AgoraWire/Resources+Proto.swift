import AgoraHTTP
import AgoraModel
import AgoraProto

extension Resources {
    /// Reads resources in either reservation format: the refinement stack
    /// (`reservations`) or the pre-1.4 `role` (+ `reservation`) pair. Rejects what Mesos
    /// rejects: unknown types, negative or non-finite scalars, inverted ranges.
    public init(proto resources: [ProtoResource]) throws(WireError) {
        var result = Resources()
        for resource in resources { result.add(try Resource(proto: resource)) }
        self = result
    }

    /// Parses the JSON array form of agent resources, `[{"name":"cpus",...}]`.
    public static func parseJSON(_ text: String) throws(WireError) -> Resources {
        // TaskResourceLimitation is exactly `{ repeated Resource resources = 1; }`.
        let wrapped = #"{"resources":"# + text + "}"
        do {
            let info = try MesosJSON.decode(Agora_V1_TaskResourceLimitation.self, from: wrapped)
            return try Resources(proto: info.resources)
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError("Bad resources JSON: \(error)")
        }
    }

    /// Writes resources for a framework: the refinement format (`reservations`) when it
    /// has RESERVATION_REFINEMENT, else the old `role` format (`"role":"*"` on unreserved
    /// resources, as Mesos does); allocation roles only for MULTI_ROLE frameworks.
    public func proto(refinement: Bool = true, allocationInfo: Bool = true) -> [ProtoResource] {
        self.items.map { $0.proto(refinement: refinement, allocationInfo: allocationInfo) }
    }
}

extension Resource {
    public init(proto: ProtoResource) throws(WireError) {
        guard !proto.name.isEmpty else { throw WireError("Resource name must not be empty") }
        self.init(name: proto.name, value: try Self.value(of: proto))
        self.reservations = try Self.reservations(of: proto)
        if proto.hasAllocationInfo, proto.allocationInfo.hasRole { self.allocationRole = proto.allocationInfo.role }
        self.isRevocable = proto.hasRevocable
    }

    private static func value(of proto: ProtoResource) throws(WireError) -> ResourceValue {
        switch proto.type {
        case .scalar:
            let value = proto.scalar.value
            guard proto.hasScalar, value.isFinite, value >= 0 else {
                throw WireError("Resource '\(proto.name)' has an invalid scalar value \(value)")
            }
            return .scalar(Scalar(value))
        case .ranges:
            for range in proto.ranges.range where range.begin > range.end {
                throw WireError("Resource '\(proto.name)' has an invalid range [\(range.begin)-\(range.end)]")
            }
            return .ranges(ValueRanges(proto.ranges.range.map { $0.begin...$0.end }))
        case .set:
            return .set(Set(proto.set.item))
        case .text:
            throw WireError("Resource '\(proto.name)' has unsupported type TEXT")
        }
    }

    private static func reservations(of proto: ProtoResource) throws(WireError) -> [Reservation] {
        if !proto.reservations.isEmpty {
            return try proto.reservations.map { info throws(WireError) in
                guard info.hasRole, !info.role.isEmpty else { throw WireError("Reservation of '\(proto.name)' has no role") }
                return Reservation(
                    kind: info.type == .dynamic ? .dynamic : .static, role: info.role,
                    principal: info.hasPrincipal ? info.principal : nil,
                    labels: info.labels.labels.map { Label(key: $0.key, value: $0.hasValue ? $0.value : nil) })
            }
        }
        guard proto.hasRole, proto.role != Roles.defaultRole else { return [] }
        let dynamic = proto.hasReservation
        return [Reservation(
            kind: dynamic ? .dynamic : .static, role: proto.role,
            principal: dynamic && proto.reservation.hasPrincipal ? proto.reservation.principal : nil)]
    }

    public func proto(refinement: Bool = true, allocationInfo: Bool = true) -> ProtoResource {
        var proto = ProtoResource()
        proto.name = self.name
        switch self.value {
        case .scalar(let scalar):
            proto.type = .scalar
            proto.scalar.value = scalar.doubleValue
        case .ranges(let ranges):
            proto.type = .ranges
            proto.ranges = ranges.proto
        case .set(let items):
            proto.type = .set
            proto.set.item = items.sorted()
        }
        if refinement {
            proto.reservations = self.reservations.map(Self.proto(of:))
        } else {
            proto.role = self.reservedRole ?? Roles.defaultRole
            if let top = self.reservations.last, top.kind == .dynamic {
                proto.reservation = Self.proto(of: top)
                proto.reservation.clearRole()
                proto.reservation.clearType()
            }
        }
        if allocationInfo, let role = self.allocationRole { proto.allocationInfo.role = role }
        if self.isRevocable { proto.revocable = Agora_V1_Resource.RevocableInfo() }
        return proto
    }

    private static func proto(of reservation: Reservation) -> Agora_V1_Resource.ReservationInfo {
        var info = Agora_V1_Resource.ReservationInfo()
        info.type = reservation.kind == .dynamic ? .dynamic : .static
        info.role = reservation.role
        if let principal = reservation.principal { info.principal = principal }
        if !reservation.labels.isEmpty {
            info.labels.labels = reservation.labels.map { label in
                Agora_V1_Label.with {
                    $0.key = label.key
                    if let value = label.value { $0.value = value }
                }
            }
        }
        return info
    }
}
