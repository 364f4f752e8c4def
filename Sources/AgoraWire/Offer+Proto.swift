import AgoraModel
import AgoraProto

extension Offer {
    /// The offer as a framework with `capabilities` expects it: MULTI_ROLE frameworks see
    /// allocation roles, RESERVATION_REFINEMENT ones the `reservations` format (reference
    /// mesos.md §1.10).
    public func proto(for capabilities: Set<FrameworkCapability>) -> ProtoOffer {
        let multiRole = capabilities.contains(.multiRole)
        var proto = ProtoOffer()
        proto.id.value = self.id.value
        proto.frameworkID.value = self.frameworkID.value
        proto.agentID.value = self.agentID.value
        proto.hostname = self.hostname
        proto.url.scheme = "http"
        proto.url.address.hostname = self.hostname
        proto.url.address.ip = self.agentIP
        proto.url.address.port = Int32(self.agentPort)
        proto.url.path = "/slave(1)"
        proto.resources = self.resources.proto(
            refinement: capabilities.contains(.reservationRefinement), allocationInfo: multiRole)
        proto.attributes = self.attributes.map(\.proto)
        proto.executorIds = self.executorIDs.map { id in Agora_V1_ExecutorID.with { $0.value = id.value } }
        if multiRole { proto.allocationInfo.role = self.role }
        return proto
    }
}
