import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

extension OperatorIntegration {
    /// The master's v1 operator API (`POST /api/v1`) against the real binaries: Mesos's status
    /// codes and messages for bad calls, and every call's answer (reference/mesos.md §7).
    @Suite(.serialized) struct OperatorAPIContractTests {
        static let json = ["Content-Type": "application/json", "Accept": "application/json"]

        static func post(_ cluster: LocalCluster, _ body: String, headers: [String: String] = json, path: String = "/api/v1") async throws -> HTTPExchange {
            try await http("POST", "http://\(cluster.masterAddress)\(path)", headers: headers, body: Array(body.utf8))
        }

        /// A JSON call's answer, parsed; fails unless it is 200.
        static func answer(_ cluster: LocalCluster, _ body: String) async throws -> [String: Any] {
            let response = try await Self.post(cluster, body)
            #expect(response.status == 200, "\(body): \(response.status) \(response.body)")
            #expect(response.headers["content-type"] == "application/json")
            return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        }

        @Test func badCallsGetMesosStatusesAndMessages() async throws {
            try await withCluster("operator-bad", agents: 0) { cluster in
                let get = try await http("GET", "http://\(cluster.masterAddress)/api/v1")
                #expect(get.status == 405 && get.headers["allow"] == "POST")
                let noType = try await Self.post(cluster, #"{"type":"GET_HEALTH"}"#, headers: [:])
                #expect(noType.status == 400 && noType.body == "Expecting 'Content-Type' to be present")
                #expect(try await Self.post(cluster, "x", headers: ["Content-Type": "text/plain"]).status == 415)
                let malformed = try await Self.post(cluster, #"{"type":"#)
                #expect(malformed.status == 400 && malformed.body.hasPrefix("Failed to parse body into master::Call"), "\(malformed.body)")
                let missing = try await Self.post(cluster, "{}")
                #expect(missing.status == 400 && missing.body == "Failed to validate master::Call: Expecting 'type' to be present")
                for (type, field) in [("UPDATE_WEIGHTS", "update_weights"), ("UPDATE_QUOTA", "update_quota"), ("TEARDOWN", "teardown"),
                                      ("MARK_AGENT_GONE", "mark_agent_gone")] {
                    let response = try await Self.post(cluster, #"{"type":"\#(type)"}"#)
                    #expect(response.status == 400 && response.body == "Failed to validate master::Call: Expecting '\(field)' to be present")
                }
                let html = try await Self.post(cluster, #"{"type":"GET_HEALTH"}"#, headers: ["Content-Type": "application/json", "Accept": "text/html"])
                #expect(html.status == 406)
                #expect(try await Self.post(cluster, #"{"type":"UNKNOWN"}"#).status == 501)
                let reserve = try await Self.post(cluster, #"{"type":"RESERVE_RESOURCES"}"#)
                #expect(reserve.status == 501 && reserve.body == "Call type RESERVE_RESOURCES is not supported by Agora")
                let weight = try await Self.post(cluster, #"{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"a","weight":-1}]}}"#)
                #expect(weight.status == 400 && weight.body.contains("weights must be positive"))
                let gone = try await Self.post(cluster, #"{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"nope"}}}"#)
                #expect(gone.status == 404 && gone.body == "Agent 'nope' not found")
                let teardown = try await Self.post(cluster, #"{"type":"TEARDOWN","teardown":{"framework_id":{"value":"nope"}}}"#)
                #expect(teardown.status == 400 && teardown.body == "No framework found with specified ID")
                let prefixRouted = try await Self.post(cluster, #"{"type":"GET_HEALTH"}"#, path: "/api/v1/operator")
                #expect(prefixRouted.status == 200, "pymesos's operator path")
            }
        }

        @Test func everyReadCallAnswersInTheMesosShape() async throws {
            try await withCluster("operator-reads") { cluster in
                let framework = try await TestFramework(master: cluster.masterAddress)
                try await framework.launch([(id: "sleeper", command: "sleep 60")])
                try await framework.waitFor(.taskRunning, of: "sleeper")
                let health = try await Self.answer(cluster, #"{"type":"GET_HEALTH"}"#)
                #expect(health["type"] as? String == "GET_HEALTH" && (health["get_health"] as? [String: Any])?["healthy"] as? Bool == true)
                let flags = try await Self.answer(cluster, #"{"type":"GET_FLAGS"}"#)
                let flagNames = ((flags["get_flags"] as? [String: Any])?["flags"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(flagNames?.contains("port") == true)
                let version = try await Self.answer(cluster, #"{"type":"GET_VERSION"}"#)
                #expect(((version["get_version"] as? [String: Any])?["version_info"] as? [String: Any])?["version"] as? String == "1.12.0")
                let metrics = try await Self.answer(cluster, #"{"type":"GET_METRICS"}"#)
                let values = ((metrics["get_metrics"] as? [String: Any])?["metrics"] as? [[String: Any]]) ?? []
                #expect(values.contains { $0["name"] as? String == "master/elected" && $0["value"] as? Double == 1 })
                let state = try await Self.answer(cluster, #"{"type":"GET_STATE"}"#)
                let getState = try #require(state["get_state"] as? [String: Any])
                #expect(Set(getState.keys) == ["get_tasks", "get_executors", "get_frameworks", "get_agents"])
                let tasks = try #require((try await Self.answer(cluster, #"{"type":"GET_TASKS"}"#)["get_tasks"] as? [String: Any])?["tasks"] as? [[String: Any]])
                #expect(tasks.count == 1 && tasks.first?["state"] as? String == "TASK_RUNNING")
                #expect((tasks.first?["task_id"] as? [String: Any])?["value"] as? String == "sleeper")
                let agents = try #require((try await Self.answer(cluster, #"{"type":"GET_AGENTS"}"#)["get_agents"] as? [String: Any])?["agents"] as? [[String: Any]])
                #expect(agents.count == 1 && agents.first?["active"] as? Bool == true)
                #expect((agents.first?["pid"] as? String)?.hasPrefix("slave(1)@") == true)
                let frameworks = try #require((try await Self.answer(cluster, #"{"type":"GET_FRAMEWORKS"}"#)["get_frameworks"] as? [String: Any])?["frameworks"] as? [[String: Any]])
                #expect((frameworks.first?["framework_info"] as? [String: Any])?["name"] as? String == "test")
                #expect(try await Self.answer(cluster, #"{"type":"GET_EXECUTORS"}"#)["get_executors"] != nil)
                let roles = try #require((try await Self.answer(cluster, #"{"type":"GET_ROLES"}"#)["get_roles"] as? [String: Any])?["roles"] as? [[String: Any]])
                #expect(roles.contains { $0["name"] as? String == "*" })
                #expect(try await Self.answer(cluster, #"{"type":"GET_WEIGHTS"}"#)["get_weights"] != nil)
                #expect(((try await Self.answer(cluster, #"{"type":"GET_QUOTA"}"#)["get_quota"] as? [String: Any])?["status"]) != nil)
                let master = try #require(try await Self.answer(cluster, #"{"type":"GET_MASTER"}"#)["get_master"] as? [String: Any])
                let port = Int(cluster.masterAddress.split(separator: ":")[1])
                #expect(((master["master_info"] as? [String: Any])?["address"] as? [String: Any])?["port"] as? Int == port)
                #expect((master["elected_time"] as? Double ?? 0) > 0)
                await framework.stop()
            }
        }

        @Test func protobufCallsGetProtobufAnswers() async throws {
            try await withCluster("operator-proto") { cluster in
                let call: [UInt8] = [0x08, 0x09]  // Call{type: GET_STATE}
                let response = try await http(
                    "POST", "http://\(cluster.masterAddress)/master/api/v1",
                    headers: ["Content-Type": "application/x-protobuf", "Accept": "application/x-protobuf"], body: call)
                #expect(response.status == 200 && response.headers["content-type"] == "application/x-protobuf")
                let client = try OperatorClientFixture.client(cluster)
                let agent = try await eventuallyValue("the agent to register") { try await client.state().getAgents.agents.first }
                #expect(agent.totalResources.contains { $0.name == "cpus" && $0.scalar.value == 2 })
                await client.shutdown()
            }
        }
    }
}
