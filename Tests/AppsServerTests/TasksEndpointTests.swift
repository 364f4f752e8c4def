import AgoraSDK
import AgoraTestKit
import AppsCore
import AppsServer
import Testing

/// Task lists and kills: `/v2/apps/{id}/tasks`, `/v2/tasks`, `/v2/tasks/delete`.
@Suite struct TasksEndpointTests {
    /// Creates `/web` with `instances`, offers, and marks every launched task running.
    static func runningWeb(_ f: AppsFixture, instances: Int = 2) async throws -> [String] {
        try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"serve $PORT0","instances":\#(instances),"cpus":0.1,"mem":32}"#)
        try await f.offer()
        let tasks = await f.launched
        for task in tasks { await f.status(task, .taskRunning) }
        try await f.deploymentsFinish()
        return tasks
    }

    @Test func tasksShowMarathonsFields() async throws {
        try await AppsFixture.run { f in
            let launched = try await Self.runningWeb(f)
            let reply = try await f.request(.get, "/v2/apps/web/tasks")
            let tasks = reply.json?["tasks"]?.arrayValue ?? []
            #expect(Set(tasks.compactMap { $0["id"]?.stringValue }) == Set(launched))
            let task = try #require(tasks.first)
            #expect(task["appId"] == "/web" && task["state"] == "TASK_RUNNING" && task["slaveId"] == "agent-1" && task["host"] == "agent-1")
            #expect(task["startedAt"]?.stringValue?.hasSuffix("Z") == true && task["stagedAt"] != nil)
            #expect(task["ports"]?.arrayValue.count == 1 && task["servicePorts"] == [10000])
            let all = try await f.request(.get, "/v2/tasks?status=running").json?["tasks"]?.arrayValue ?? []
            #expect(all.count == 2)
            #expect(try await f.request(.get, "/v2/tasks?status[]=staging").json?["tasks"] == [])
            let app = try await f.app("/web")
            #expect(app["tasksRunning"] == 2 && app["tasks"]?.arrayValue.count == 2)
        }
    }

    @Test func killingATaskReplacesItAndScaleShrinksTheApp() async throws {
        try await AppsFixture.run { f in
            let launched = try await Self.runningWeb(f, instances: 3)
            let one = try await f.request(.delete, "/v2/apps/web/tasks/\(launched[0])")
            #expect(one.status == 200 && one.json?["task"]?["id"]?.stringValue == launched[0])
            try await eventually("the kill", within: AppsFixture.patience) { await f.killed.contains(launched[0]) }
            let scaled = try await f.request(.delete, "/v2/apps/web/tasks/\(launched[1])?scale=true")
            #expect(scaled.status == 200 && scaled.json?["deploymentId"] != nil)
            #expect(try await f.app("/web")["instances"] == 2)
            try await eventually("the scale-down kill", within: AppsFixture.patience) { await f.killed.contains(launched[1]) }
            let both = try await f.request(.delete, "/v2/apps/web/tasks?scale=true&wipe=true")
            #expect(both.status == 400 && both.message == "You cannot use scale and wipe at the same time.")
            let missing = try await f.request(.delete, "/v2/apps/web/tasks/nope")
            #expect(missing.status == 404 && missing.message == "Task 'nope' does not exist")
        }
    }

    @Test func tasksDeleteTakesIDs() async throws {
        try await AppsFixture.run { f in
            let launched = try await Self.runningWeb(f)
            let reply = try await f.request(.post, "/v2/tasks/delete", #"{"ids":["\#(launched[0])"]}"#)
            #expect(reply.status == 200 && reply.json?["tasks"]?.arrayValue.count == 1)
            try await eventually("the kill", within: AppsFixture.patience) { await f.killed.contains(launched[0]) }
            let invalid = try await f.request(.post, "/v2/tasks/delete", #"{"ids":["nope"]}"#)
            #expect(invalid.status == 400 && invalid.message == "Invalid task id 'nope'")
            #expect(try await f.request(.post, "/v2/tasks/delete", #"{"id":1}"#).status == 400)
        }
    }

    @Test func listsFilterAndEmbedAsAsked() async throws {
        try await AppsFixture.run { f in
            _ = try await Self.runningWeb(f)
            try await f.request(.post, "/v2/apps", #"{"id":"db","cmd":"postgres","instances":0,"labels":{"tier":"data"}}"#)
            let plain = try await f.request(.get, "/v2/apps").json?["apps"]?.arrayValue ?? []
            #expect(plain.count == 2 && plain.allSatisfy { $0["tasks"] == nil && $0["tasksRunning"] != nil && $0["deployments"] != nil })
            let embedded = try await f.request(.get, "/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure&embed=app.taskStats")
            let web = embedded.json?["apps"]?.arrayValue.first { $0["id"] == "/web" }
            #expect(web?["tasks"]?.arrayValue.count == 2)
            #expect(web?["taskStats"]?["totalSummary"]?["stats"]?["counts"]?["running"] == 2)
            #expect(try await f.request(.get, "/v2/apps?label=tier==data").json?["apps"]?.arrayValue.map { $0["id"] } == ["/db"])
            #expect(try await f.request(.get, "/v2/apps?label=tier+in+(web,data)").json?["apps"]?.arrayValue.count == 1)
            #expect(try await f.request(.get, "/v2/apps?label=tier!=data").json?["apps"]?.arrayValue.map { $0["id"] } == ["/web"])
            #expect(try await f.request(.get, "/v2/apps?cmd=postgres").json?["apps"]?.arrayValue.map { $0["id"] } == ["/db"])
            #expect(try await f.request(.get, "/v2/apps?id=WE").json?["apps"]?.arrayValue.map { $0["id"] } == ["/web"])
            #expect(try await f.request(.get, "/v2/apps?label=a+b+c").status == 400)
        }
    }
}
