import AgoraModel
import AgoraWire
import MasterCore

/// Turns a decoded scheduler Call into the core's model, checking its structure the way
/// Mesos's `validation::scheduler::call::validate` does (errors become 400s).
enum SchedulerCallReader {
    static func read(_ call: SchedulerCallMessage) throws(WireError) -> SchedulerCall {
        guard call.hasType else { throw Self.invalid("Expecting 'type' to be present") }
        switch call.type {
        case .teardown:
            return .teardown
        case .accept:
            try Self.require(call.hasAccept, "accept")
            let operations = try call.accept.operations.map(Self.operation)
            return .accept(
                offerIDs: call.accept.offerIds.map { OfferID($0.value) }, operations: operations,
                refuseSeconds: call.accept.filters.refuseSeconds)
        case .decline:
            try Self.require(call.hasDecline, "decline")
            return .decline(offerIDs: call.decline.offerIds.map { OfferID($0.value) }, refuseSeconds: call.decline.filters.refuseSeconds)
        case .revive:
            return .revive(roles: call.revive.roles)
        case .suppress:
            return .suppress(roles: call.suppress.roles)
        case .kill:
            try Self.require(call.hasKill, "kill")
            let kill = call.kill
            return .kill(
                TaskID(kill.taskID.value), agentID: kill.hasAgentID ? AgentID(kill.agentID.value) : nil,
                killGracePeriod: kill.hasKillPolicy && kill.killPolicy.hasGracePeriod
                    ? .nanoseconds(kill.killPolicy.gracePeriod.nanoseconds) : nil)
        case .shutdown:
            try Self.require(call.hasShutdown, "shutdown")
            return .shutdown(ExecutorID(call.shutdown.executorID.value), agentID: AgentID(call.shutdown.agentID.value))
        case .acknowledge:
            try Self.require(call.hasAcknowledge, "acknowledge")
            let ack = call.acknowledge
            guard ack.uuid.count == 16 else { throw Self.invalid("'acknowledge.uuid' is not a valid UUID") }
            return .acknowledge(agentID: AgentID(ack.agentID.value), taskID: TaskID(ack.taskID.value), uuid: Array(ack.uuid))
        case .reconcile:
            return .reconcile(call.reconcile.tasks.map {
                ReconcileItem(taskID: TaskID($0.taskID.value), agentID: $0.hasAgentID ? AgentID($0.agentID.value) : nil)
            })
        case .message:
            try Self.require(call.hasMessage, "message")
            return .message(
                agentID: AgentID(call.message.agentID.value), executorID: ExecutorID(call.message.executorID.value),
                data: Array(call.message.data))
        case .updateFramework:
            try Self.require(call.hasUpdateFramework, "update_framework")
            return .updateFramework(
                FrameworkDescriptor(proto: call.updateFramework.frameworkInfo),
                suppressedRoles: call.updateFramework.suppressedRoles)
        case .request, .acceptInverseOffers, .declineInverseOffers, .acknowledgeOperationStatus, .reconcileOperations:
            return .noOperation
        case .subscribe, .unknown:
            throw Self.invalid("Unexpected call type \(call.type)")
        }
    }

    private static func operation(_ operation: Agora_V1_Offer.Operation) throws(WireError) -> OfferOperation {
        switch operation.type {
        case .launch:
            try Self.require(operation.hasLaunch, "launch")
            return .launch(try operation.launch.taskInfos.map { info throws(WireError) in try TaskSpec(proto: info) })
        case .launchGroup:
            try Self.require(operation.hasLaunchGroup, "launch_group")
            let group = operation.launchGroup
            return .launchGroup(
                executor: try ExecutorSpec(proto: group.executor),
                tasks: try group.taskGroup.tasks.map { info throws(WireError) in try TaskSpec(proto: info) })
        default:
            // Refused whole rather than skipped: a framework must not believe a RESERVE or
            // CREATE happened. The offers stay outstanding.
            throw Self.invalid("Offer operation \(Self.protoName(operation.type)) is not supported by Agora")
        }
    }

    /// `growVolume` → `GROW_VOLUME`, as the enum value is spelled in the proto.
    static func protoName(_ value: some Any) -> String {
        String(describing: value).reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }

    private static func require(_ present: Bool, _ field: String) throws(WireError) {
        if !present { throw Self.invalid("Expecting '\(field)' to be present") }
    }

    static func invalid(_ message: String) -> WireError {
        WireError("Failed to validate scheduler::Call: \(message)")
    }
}
