import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

/// The master's and agent's HTTP contract with bad and good requests, against the real
/// binaries (reference/mesos.md §1.2, §3.1, §7).
@Suite(.serialized) struct HTTPContractTests {
    static let json = ["Content-Type": "application/json"]
    static let subscribe = #"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"contract"}}}"#

    @Test func schedulerEndpointRefusesBadRequestsInMesosOrder() async throws {
        try await withCluster("contract", agents: 0) { cluster in
            let url = "http://\(cluster.masterAddress)/api/v1/scheduler"
            let get = try await http("GET", url)
            #expect(get.status == 405 && get.headers["allow"] == "POST")
            let noType = try await http("POST", url, body: Array("{}".utf8))
            #expect(noType.status == 400 && noType.body == "Expecting 'Content-Type' to be present")
            #expect(try await http("POST", url, headers: ["Content-Type": "text/plain"], body: Array("x".utf8)).status == 415)
            let malformed = try await http("POST", url, headers: Self.json, body: Array(#"{"type": "#.utf8))
            #expect(malformed.status == 400 && malformed.body.hasPrefix("Failed to parse body into scheduler::Call"))
            let badProto = try await http("POST", url, headers: ["Content-Type": "application/x-protobuf"], body: [0xFF, 0xFF, 0xFF])
            #expect(badProto.status == 400)
            let noFramework = try await http("POST", url, headers: Self.json, body: Array(#"{"type":"REVIVE"}"#.utf8))
            #expect(noFramework.body == "Failed to validate scheduler::Call: Expecting 'framework_id' to be present")
            let unknown = try await http("POST", url, headers: Self.json, body: Array(#"{"type":"REVIVE","framework_id":{"value":"nope"}}"#.utf8))
            #expect(unknown.status == 400 && unknown.body == "Framework cannot be found")
            let huge = [UInt8](repeating: UInt8(ascii: " "), count: 17 << 20)
            #expect(try await http("POST", url, headers: Self.json, body: huge).status == 413)
            let notAcceptable = try await http("POST", url, headers: ["Content-Type": "application/json", "Accept": "text/html"], body: Array(Self.subscribe.utf8))
            #expect(notAcceptable.status == 406)
            let withStream = try await http("POST", url, headers: ["Content-Type": "application/json", "Mesos-Stream-Id": "x"], body: Array(Self.subscribe.utf8))
            #expect(withStream.status == 400 && withStream.body == "Subscribe calls should not include the 'Mesos-Stream-Id' header")
            let unknownType = try await http("POST", url, headers: Self.json, body: Array(#"{"type":"UNKNOWN","framework_id":{"value":"x"}}"#.utf8))
            #expect(unknownType.status == 501)
        }
    }

    @Test func subscribeAnswersWithAChunkedRecordIOStream() async throws {
        try await withCluster("stream", agents: 0) { cluster in
            let response = try await httpStreamPrefix(
                "http://\(cluster.masterAddress)/master/api/v1/scheduler", headers: Self.json, body: Array(Self.subscribe.utf8), bytes: 150)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["transfer-encoding"] == "chunked")
            #expect(UUID(uuidString: response.headers["mesos-stream-id"] ?? "") != nil)
            let size = response.body.prefix { $0 != "\n" }
            #expect(Int(size) != nil, "a RecordIO size line first: \(response.body.prefix(40))")
            #expect(response.body.contains(#"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":""#))
            #expect(response.body.contains(#""heartbeat_interval_seconds":15.0"#))
        }
    }

    @Test func callsNeedTheSubscriptionsStream() async throws {
        try await withCluster("streamid", agents: 0) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.subscribed()
            let id = try #require(await framework.driver.frameworkID)
            let url = "http://\(cluster.masterAddress)/api/v1/scheduler"
            let revive = Array(#"{"type":"REVIVE","framework_id":{"value":"\#(id)"}}"#.utf8)
            let missing = try await http("POST", url, headers: Self.json, body: revive)
            #expect(missing.status == 400 && missing.body.contains("Mesos-Stream-Id"))
            let wrong = try await http("POST", url, headers: ["Content-Type": "application/json", "Mesos-Stream-Id": "wrong"], body: revive)
            #expect(wrong.status == 400 && wrong.body.contains("didn't match"))
            await framework.stop(teardown: false)
            try await eventually("the framework to be disconnected") {
                try await http("POST", url, headers: ["Content-Type": "application/json", "Mesos-Stream-Id": "x"], body: revive).status == 403
            }
        }
    }

    @Test func unsupportedOfferOperationsAreRefusedWhole() async throws {
        try await withCluster("reserve") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let offer = try await framework.nextOffer()
            let reserve = Mesos.Operation.with { $0.type = .reserve; $0.reserve.resources = offer.resources }
            let launch = Mesos.Operation.with { $0.type = .launch; $0.launch = .init() }
            await #expect(throws: V1CallError(status: 400, message: "Failed to validate scheduler::Call: Offer operation RESERVE is not supported by Agora")) {
                try await framework.driver.accept([offer.offerID], operations: [launch, reserve], refuse: .seconds(5))
            }
            let state = try await cluster.masterJSON("/master/state")
            let offers = (state["frameworks"] as? [[String: Any]])?.first?["offers"] as? [[String: Any]]
            #expect(offers?.count == 1, "the offer is still outstanding")
            await framework.stop()
        }
    }

    @Test func operatorEndpointsAnswerInTheMesosShape() async throws {
        let ports = TaskPorts.range(100)
        try await withCluster("operator", agentResources: "cpus:2;mem:2048;disk:1024;ports:\(ports)") { cluster in
            let version = try await cluster.masterJSON("/version")
            let parts = (version["version"] as? String)?.split(separator: ".").compactMap { Int($0) }
            #expect(parts?.count == 3, "pymesos parses x.y.z: \(version)")
            #expect(try await http("GET", "http://\(cluster.masterAddress)/health").status == 200)
            let redirect = try await http("GET", "http://\(cluster.masterAddress)/master/redirect")
            #expect(redirect.status == 307 && redirect.headers["location"] == "//127.0.0.1:\(cluster.masterAddress.split(separator: ":")[1])")
            // The agent listens before it has registered; on a loaded machine that can take a while.
            try await eventually("the agent to register") { try await cluster.masterJSON("/master/state")["activated_slaves"] as? Int == 1 }
            let state = try await cluster.masterJSON("/master/state")
            let agents = try #require(state["slaves"] as? [[String: Any]])
            #expect(agents.count == 1)
            let resources = try #require(agents.first?["resources"] as? [String: Any])
            #expect(resources["cpus"] as? Double == 2 && resources["ports"] as? String == ports)
            #expect(state["activated_slaves"] as? Int == 1)
            let metrics = try await cluster.masterJSON("/metrics/snapshot")
            for key in ["master/elected", "master/slaves_active", "master/cpus_total", "master/tasks_running", "allocator/mesos/allocation_runs"] {
                #expect(metrics[key] is Double, "metric \(key)")
            }
            #expect(metrics["master/cpus_total"] as? Double == 2)
            let jsonp = try await http("GET", "http://\(cluster.masterAddress)/master/state?jsonp=render")
            #expect(jsonp.body.hasPrefix("render({") && jsonp.body.hasSuffix(");"))
        }
    }

    @Test func theExecutorAPIRefusesStrangers() async throws {
        try await withCluster("executorapi") { cluster in
            let agent = try await cluster.agents[0].address(of: "agent")
            let url = "http://\(agent)/api/v1/executor"
            let body = #"{"type":"SUBSCRIBE","executor_id":{"value":"e"},"framework_id":{"value":"f"},"subscribe":{}}"#
            let stranger = try await http("POST", url, headers: Self.json, body: Array(body.utf8))
            #expect(stranger.status == 400 && stranger.body == "Framework cannot be found")
            #expect(try await http("POST", url, body: Array(body.utf8)).status == 400)
            let state = try await getJSON("http://\(agent)/state")
            #expect((state["resources"] as? [String: Any])?["mem"] as? Double == 2048)
        }
    }
}
