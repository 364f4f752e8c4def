import AgoraModel
import AgoraProto

extension FrameworkDescriptor {
    /// Reads a FrameworkInfo. Roles come from `roles` (MULTI_ROLE) or the legacy `role`.
    public init(proto: ProtoFrameworkInfo) {
        let usesRoles = !proto.roles.isEmpty
        self.init(
            id: proto.hasID ? FrameworkID(proto.id.value) : nil,
            name: proto.name,
            user: proto.user,
            roles: usesRoles ? proto.roles : [proto.hasRole ? proto.role : Roles.defaultRole],
            capabilities: Set(proto.capabilities.compactMap { FrameworkCapability(rawValue: $0.type.rawValue) }),
            failoverTimeout: .seconds(fractional: max(0, proto.failoverTimeout.isFinite ? proto.failoverTimeout : 0)),
            checkpoint: proto.checkpoint,
            principal: proto.hasPrincipal ? proto.principal : nil,
            hostname: proto.hasHostname ? proto.hostname : nil,
            webuiURL: proto.hasWebuiURL ? proto.webuiURL : nil,
            usesRolesField: usesRoles,
            payload: WirePayload((try? proto.serializedBytes(partial: true)) ?? []))
    }

    /// The FrameworkInfo as received, with the master's view of ID and roles.
    public var proto: ProtoFrameworkInfo {
        var proto = (try? ProtoFrameworkInfo(serializedBytes: self.payload.bytes, partial: true)) ?? ProtoFrameworkInfo()
        proto.name = self.name
        proto.user = self.user
        if let id { proto.id.value = id.value }
        if self.usesRolesField { proto.roles = self.roles } else { proto.role = self.roles.first ?? Roles.defaultRole }
        proto.failoverTimeout = self.failoverTimeout.seconds
        proto.checkpoint = self.checkpoint
        proto.capabilities = self.capabilities.sorted { $0.rawValue < $1.rawValue }.compactMap { capability in
            Agora_V1_FrameworkInfo.Capability.TypeEnum(rawValue: capability.rawValue).map { type in
                Agora_V1_FrameworkInfo.Capability.with { $0.type = type }
            }
        }
        if let principal { proto.principal = principal }
        return proto
    }
}

extension AgentDescriptor {
    public init(proto: ProtoAgentInfo, ip: String) throws(WireError) {
        self.init(
            id: proto.hasID ? AgentID(proto.id.value) : nil, hostname: proto.hostname, ip: ip, port: Int(proto.port),
            resources: try Resources(proto: proto.resources), attributes: proto.attributes.map(Attribute.init(proto:)))
    }

    public var proto: ProtoAgentInfo {
        var proto = ProtoAgentInfo()
        proto.hostname = self.hostname
        proto.port = Int32(self.port)
        proto.resources = self.resources.proto()
        proto.attributes = self.attributes.map(\.proto)
        if let id { proto.id.value = id.value }
        return proto
    }
}
