import AgoraSDK
import AgoraTestKit
import AppsCore
import AppsServer
import Testing

/// `/v2/deployments`, `/v2/queue`, `/v2/groups`, `/v2/info`, `/v2/leader`, `/ping`, `/metrics`.
@Suite struct ClusterEndpointTests {
    @Test func deletingADeploymentRollsBackOrJustStops() async throws {
        try await AppsFixture.run { f in
            let created = try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","instances":2}"#)
            let first = try #require(created.header("Marathon-Deployment-Id"))
            let stopped = try await f.request(.delete, "/v2/deployments/\(first)?force=true")
            #expect(stopped.status == 202 && stopped.text.isEmpty)
            #expect(try await f.request(.get, "/v2/deployments").json == [])
            #expect(try await f.app("/web")["instances"] == 2, "a stopped deployment leaves the definition")
            let scaled = try await f.request(.put, "/v2/apps/web", #"{"instances":5}"#)
            let second = try #require(scaled.json?["deploymentId"]?.stringValue)
            let rollback = try await f.request(.delete, "/v2/deployments/\(second)")
            #expect(rollback.status == 200 && rollback.json?["deploymentId"]?.stringValue != second)
            #expect(try await f.app("/web")["instances"] == 2, "rolled back")
            let missing = try await f.request(.delete, "/v2/deployments/nope")
            #expect(missing.status == 404 && missing.message == "DeploymentPlan nope does not exist")
        }
    }

    @Test func theQueueSaysWhyAnAppWaits() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"{"id":"big","cmd":"x","cpus":1,"mem":4096}"#)
            try await f.offer(mem: 1024)
            let queue = try await f.request(.get, "/v2/queue")
            let item = try #require(queue.json?["queue"]?[0])
            #expect(item["count"] == 1 && item["app"]?["id"] == "/big")
            #expect(item["delay"] == .object([("timeLeftSeconds", 0), ("overdue", true)]))
            #expect(item["role"] == nil && item["lastUnusedOffers"] == nil)
            let summary = try #require(item["processedOffersSummary"])
            #expect(summary["processedOffersCount"] == 1 && summary["unusedOffersCount"] == 1)
            let reason = summary["waitingReason"]?.stringValue ?? ""
            #expect(reason.contains("InsufficientMemory") && reason.contains("mem: needed 4096, offered 1024"), "\(reason)")
            let embedded = try await f.request(.get, "/v2/queue?embed=lastUnusedOffers").json?["queue"]?[0]
            #expect(embedded?["lastUnusedOffers"]?[0]?["reason"] == ["InsufficientMemory"])
            #expect(try await f.request(.delete, "/v2/queue/big/delay").status == 204)
            let missing = try await f.request(.delete, "/v2/queue/none/delay")
            #expect(missing.status == 404 && missing.message == "Application /none not found in tasks queue.")
        }
    }

    @Test func groupsAreTheTreeOfAppIDs() async throws {
        try await AppsFixture.run { f in
            for id in ["/shop/api/v1", "/shop/web", "/tools"] {
                #expect(try await f.request(.post, "/v2/apps", #"{"id":"\#(id)","cmd":"x","instances":0}"#).status == 201)
            }
            let root = try #require(try await f.request(.get, "/v2/groups").json)
            #expect(root["id"] == "/" && root["apps"]?.arrayValue.map { $0["id"] } == ["/tools"])
            let shop = try #require(root["groups"]?[0])
            #expect(shop["id"] == "/shop" && shop["apps"]?.arrayValue.map { $0["id"] } == ["/shop/web"])
            #expect(shop["groups"]?[0]?["apps"]?[0]?["id"] == "/shop/api/v1")
            #expect(root["enforceRole"] == nil && shop["pods"] == [] && shop["dependencies"] == [])
            #expect(try await f.request(.get, "/v2/groups//shop/api").json?["id"] == "/shop/api")
            #expect(try await f.request(.get, "/v2/groups/none").json == .object([("message", "Group '/none' does not exist")]))
            let tasks = try await f.request(.get, "/v2/apps/shop/*")
            #expect(tasks.json?["*"]?.arrayValue.count == 2)
        }
    }

    @Test func infoLeaderPingAndMetrics() async throws {
        try await AppsFixture.run { f in
            let info = try #require(try await f.request(.get, "/v2/info").json)
            #expect(info["name"] == "marathon" && info["elected"] == true && info["frameworkId"] == "fake-0000")
            #expect(info["marathon_config"]?["framework_name"] == "marathon")
            #expect(info["zookeeper_config"] != nil && info["http_config"]?["http_port"] == 8080)
            #expect(try await f.request(.get, "/v2/leader").json == .object([("leader", "127.0.0.1:8080")]))
            #expect(try await f.request(.get, "/ping", headers: [.accept: "application/json"]).text == "\"pong\"")
            #expect(try await f.request(.get, "/ping", headers: [.accept: "text/plain"]).text == "pong")
            #expect(try await f.request(.get, "/ping", headers: [.accept: "image/png"]).status == 204)
            let metrics = try #require(try await f.request(.get, "/metrics").json)
            #expect(metrics["gauges"]?["leader"]?["value"] == 1)
            #expect((metrics["counters"]?["http.requests.info"]?["count"]?.intValue ?? 0) >= 1)
            #expect(try await f.request(.post, "/v2/info").status == 405)
        }
    }

    @Test func abdicatingStartsANewTermFromTheStore() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","instances":0}"#)
            let reply = try await f.request(.delete, "/v2/leader")
            #expect(reply.json == .object([("message", "Leadership abdicated")]))
            try await eventually("a new term", within: AppsFixture.patience) {
                await f.master.calls.count { if case .reconcile([]) = $0 { true } else { false } } >= 2
            }
            // The new term answers once it has loaded the store (503 "leader loading" until then).
            try await eventually("the app reloaded from the store", within: AppsFixture.patience) {
                try await f.request(.get, "/v2/apps/web").json?["app"]?["cmd"] == "x"
            }
        }
    }
}
