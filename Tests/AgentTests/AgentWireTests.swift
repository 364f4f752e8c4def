@testable import Agent
import AgoraHTTP
import AgoraModel
import AgoraWire
import Testing

/// How the agent reads what the master sends it.
@Suite struct RunTasksDecodingTests {
    static func task(_ id: String, cpus: Double) -> ProtoTaskInfo {
        var info = ProtoTaskInfo()
        info.name = id
        info.taskID.value = id
        info.agentID.value = "A"
        info.command.value = "true"
        info.resources = [.with { $0.name = "cpus"; $0.type = .scalar; $0.scalar.value = cpus }]
        return info
    }

    static func run(_ tasks: [ProtoTaskInfo], group: Bool = false) -> AgentEventMessage.RunTasks {
        var run = AgentEventMessage.RunTasks()
        run.frameworkInfo.id.value = "F"
        run.frameworkInfo.name = "f"
        run.frameworkInfo.user = "u"
        run.tasks = tasks
        run.taskGroup = group
        return run
    }

    @Test func anUnreadableTaskIsRejectedWithTheReasonAndTheOthersLaunch() {
        let decoded = AgentWire.runTasks(Self.run([Self.task("good", cpus: 1), Self.task("bad", cpus: -1)]))
        #expect(decoded.framework.id == "F")
        #expect(decoded.tasks.map(\.taskID) == ["good"])
        #expect(decoded.rejected.map(\.taskID) == ["bad"])
        #expect(decoded.rejected.first?.message.hasPrefix("Agent cannot read the task: ") == true)
    }

    @Test func oneUnreadableTaskRejectsItsWholeGroup() {
        let decoded = AgentWire.runTasks(Self.run([Self.task("good", cpus: 1), Self.task("bad", cpus: -1)], group: true))
        #expect(decoded.tasks.isEmpty)
        #expect(Set(decoded.rejected.map(\.taskID)) == ["good", "bad"])
    }

    @Test func theOutcomeOfARefusedCallTellsRetryFromDrop() {
        #expect(AgentShell.outcome(of: .init(status: 400, message: "The stream ID does not match the agent's stream")) == .failed(
            "HTTP 400: The stream ID does not match the agent's stream"))
        #expect(AgentShell.outcome(of: .init(status: 403, message: "Agent is not subscribed")) == .failed("HTTP 403: Agent is not subscribed"))
        #expect(AgentShell.outcome(of: .init(status: 503, message: "No leader")) == .failed("HTTP 503: No leader"))
        #expect(AgentShell.outcome(of: .init(status: 400, message: "Failed to parse protobuf")) == .rejected("HTTP 400: Failed to parse protobuf"))
    }
}

/// Nothing goes on the wire as an empty record in place of a message.
@Suite struct EncodingFailureTests {
    @Test func aMessageMissingRequiredFieldsIsRefusedNotSentEmpty() {
        var event = ExecutorEventMessage()
        event.type = .launch
        event.launch.task = ProtoTaskInfo()  // name, task_id, agent_id unset
        #expect(throws: MessageEncodingError.self) { try MessageCodec.checkedRecord(event, encoding: .protobuf) }
        #expect(throws: MessageEncodingError.self) { try MessageCodec.checkedRecord(event, encoding: .json) }
        var fine = ExecutorEventMessage()
        fine.type = .heartbeat
        #expect(throws: Never.self) { try MessageCodec.checkedRecord(fine, encoding: .protobuf) }
    }
}
