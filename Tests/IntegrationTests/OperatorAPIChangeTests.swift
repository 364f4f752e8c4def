import AgoraHTTP
import AgoraProto
import AgoraSDK
import AgoraTestKit
import Foundation
import OperatorClient
import Testing

extension OperatorIntegration {
    /// Operator calls that change the cluster are stored before they are answered, and the
    /// SUBSCRIBE stream follows tasks, agents and frameworks.
    @Suite(.serialized) struct OperatorAPIChangeTests {
        @Test func weightsAndQuotaAreStoredBeforeTheAnswerAndSurviveARestart() async throws {
            try await withCluster("operator-weights", masterPort: freePort()) { cluster in
                // Quota limits are checked against the registered agents' resources.
                try await eventually("the agent to register") { try await cluster.masterJSON("/master/state")["activated_slaves"] as? Int == 1 }
                let weights = try await OperatorAPIContractTests.post(
                    cluster, #"{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"analytics","weight":2.5}]}}"#)
                #expect(weights.status == 200 && weights.body.isEmpty)
                let tooBig = try await OperatorAPIContractTests.post(
                    cluster, #"{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"analytics","guarantees":{"cpus":{"value":64}}}]}}"#)
                #expect(tooBig.status == 400 && tooBig.body.contains("exceed cluster capacity"), "\(tooBig.body)")
                let quota = try await OperatorAPIContractTests.post(
                    cluster, #"{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"analytics","limits":{"cpus":{"value":1},"mem":{"value":512}}}]}}"#)
                #expect(quota.status == 200, "\(quota.body)")
                await cluster.killMaster()
                try await cluster.restartMaster()
                let client = try OperatorClientFixture.client(cluster)
                let stored = try await client.weights()
                #expect(stored.map(\.role) == ["analytics"] && stored.first?.weight == 2.5)
                let configs = try await client.quota()
                #expect(configs.count == 1 && configs.first?.role == "analytics" && configs.first?.limits["mem"]?.value == 512)
                let roles = try await client.roles()
                #expect(roles.contains { $0.name == "analytics" && $0.weight == 2.5 })
                await client.shutdown()
            }
        }

        @Test func teardownAndMarkAgentGoneEndTasks() async throws {
            try await withCluster("operator-gone") { cluster in
                let framework = try await TestFramework(master: cluster.masterAddress, capabilities: [.partitionAware])
                try await framework.launch([(id: "long", command: "sleep 60")])
                try await framework.waitFor(.taskRunning, of: "long")
                let client = try OperatorClientFixture.client(cluster)
                let agentID = try #require(try await client.agents().agents.first?.agentInfo.id.value)
                try await client.markAgentGone(agentID)
                try await framework.waitFor(.taskGoneByOperator, of: "long")
                #expect(try await client.agents().agents.isEmpty)
                let frameworkID = try #require(await framework.driver.frameworkID)
                try await client.teardown(frameworkID.value)
                let frameworks = try await client.frameworks()
                #expect(frameworks.frameworks.isEmpty && frameworks.completedFrameworks.map(\.frameworkInfo.id.value) == [frameworkID.value])
                await #expect(throws: OperatorClientError(kind: .badRequest, status: 400, message: "No framework found with specified ID")) {
                    try await client.teardown(frameworkID.value)
                }
                await client.shutdown()
                await framework.stop(teardown: false)
            }
        }

        @Test func theEventStreamSeesATaskFromLaunchToFinish() async throws {
            try await withCluster("operator-events") { cluster in
                let client = try OperatorClientFixture.client(cluster)
                try await eventually("the agent to register") { try await client.agents().agents.count == 1 }
                let events = try await client.subscribe()
                let collector = EventCollector()
                let reader = Task {
                    for try await event in events { await collector.add(event) }
                }
                try await eventually("SUBSCRIBED") { await collector.types.first == .subscribed }
                let snapshot = try #require(await collector.events.first?.subscribed)
                #expect(snapshot.heartbeatIntervalSeconds == 15 && snapshot.getState.getAgents.agents.count == 1)
                #expect(await collector.types.dropFirst().first == .heartbeat, "a heartbeat right after SUBSCRIBED")
                let framework = try await TestFramework(master: cluster.masterAddress, name: "watched")
                try await framework.launch([(id: "brief", command: "sleep 0.2")])
                try await eventually("TASK_FINISHED on the operator stream", within: 20) {
                    await collector.events.contains { $0.type == .taskUpdated && $0.taskUpdated.status.state == .taskFinished }
                }
                let seen = await collector.events
                #expect(seen.contains { $0.type == .frameworkAdded && $0.frameworkAdded.framework.frameworkInfo.name == "watched" })
                let taskStates = seen.compactMap { event -> String? in
                    switch event.type {
                    case .taskAdded where event.taskAdded.task.taskID.value == "brief": "added \(event.taskAdded.task.state)"
                    // Each status arrives in order; `state` may already be newer than `status`.
                    case .taskUpdated where event.taskUpdated.status.taskID.value == "brief": "\(event.taskUpdated.status.state)"
                    default: nil
                    }
                }
                #expect(taskStates.first == "added taskStaging" && taskStates.last == "taskFinished", "\(taskStates)")
                #expect(taskStates.contains("taskRunning"))
                await framework.stop()
                try await eventually("FRAMEWORK_REMOVED") { await collector.types.contains(.frameworkRemoved) }
                reader.cancel()
                await client.shutdown()
            }
        }

        @Test func theJSONEventStreamIsRecordIO() async throws {
            try await withCluster("operator-stream", agents: 0) { cluster in
                let response = try await httpStreamPrefix(
                    "http://\(cluster.masterAddress)/api/v1", headers: OperatorAPIContractTests.json,
                    body: Array(#"{"type":"SUBSCRIBE"}"#.utf8), bytes: 60)
                #expect(response.status == 200 && response.headers["content-type"] == "application/json")
                #expect(response.headers["transfer-encoding"] == "chunked")
                let size = response.body.prefix { $0 != "\n" }
                #expect(Int(size) != nil, "a RecordIO size line first: \(response.body.prefix(40))")
                #expect(response.body.contains(#"{"type":"SUBSCRIBED","subscribed":{"get_state":{"#))
            }
        }
    }
}

/// What an operator event stream delivered, in order.
actor EventCollector {
    private(set) var events: [Agora_V1_Master_Event] = []
    func add(_ event: Agora_V1_Master_Event) { self.events.append(event) }
    var types: [Agora_V1_Master_Event.TypeEnum] { self.events.map(\.type) }
}

enum OperatorClientFixture {
    static func client(_ cluster: LocalCluster) throws -> OperatorClient {
        try OperatorClient(master: cluster.masterAddress, environment: [:])
    }
}
