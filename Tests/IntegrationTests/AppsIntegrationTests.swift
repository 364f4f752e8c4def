import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The apps framework as real processes: `agora apps` against a master and agent, tasks
/// that are real `python3 -m http.server`s checked over HTTP.
@Suite(.serialized) struct AppsIntegrationTests {
    static let greeter = """
        {"id":"/web","cmd":"echo $GREETING > greeting.txt && exec python3 -m http.server $PORT0 --bind 127.0.0.1",
         "instances":2,"cpus":0.1,"mem":32,"env":{"GREETING":"hello"},
         "upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0},
         "healthChecks":[{"protocol":"HTTP","path":"/","gracePeriodSeconds":30,"intervalSeconds":1,"timeoutSeconds":2,"maxConsecutiveFailures":3}]}
        """

    /// An agent with ports of its own: these tasks really listen, and other suites' clusters
    /// run at the same time.

    @Test func anHTTPAppScalesRestartsTakesNewEnvironmentAndGoes() async throws {
        try await withCluster("apps-lifecycle") { cluster in
            try await withApps(cluster) { _, api in try await Self.lifecycle(api) }
        }
    }

    /// MESOS_HTTP and COMMAND checks go to the agent in the TaskInfo; the command executor
    /// runs them and its `healthy` updates gate the deployment and show in the task JSON.
    @Test func checksTheAgentRunsGateTheDeploymentAndShowHealth() async throws {
        try await withCluster("apps-agentchecks") { cluster in
            try await withApps(cluster) { _, api in
                let app = """
                    {"id":"/checked","cmd":"exec python3 -m http.server $PORT0 --bind 127.0.0.1","instances":1,"cpus":0.1,"mem":32,
                     "healthChecks":[{"protocol":"MESOS_HTTP","path":"/","portIndex":0,"gracePeriodSeconds":30,"intervalSeconds":1,
                                      "timeoutSeconds":2,"maxConsecutiveFailures":3}]}
                    """
                #expect(try await api.call("POST", "/v2/apps", app).status == 201)
                try await api.waitForHealthy("/checked", 1)
                let task = try #require((try await api.app("/checked")["tasks"] as? [[String: Any]])?.first)
                let results = task["healthCheckResults"] as? [[String: Any]] ?? []
                #expect(results.first?["alive"] as? Bool == true, "the agent's verdict: \(results)")

                let failing = #"{"id":"/failing","cmd":"sleep 300","cpus":0.1,"mem":32,"healthChecks":[{"protocol":"COMMAND","command":{"value":"exit 1"},"gracePeriodSeconds":0,"intervalSeconds":1,"timeoutSeconds":2,"maxConsecutiveFailures":2}]}"#
                #expect(try await api.call("POST", "/v2/apps", failing).status == 201)
                var first: String?
                try await eventually("the first task to run", within: 60) {
                    first = try await (api.app("/failing")["tasks"] as? [[String: Any]])?.first?["id"] as? String
                    return first != nil
                }
                try await eventually("the failing check to kill the first task and a new one to replace it", within: 60) {
                    let ids = try await (api.app("/failing")["tasks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    return !ids.isEmpty && !ids.contains(first ?? "")
                }
                #expect(try await api.app("/failing")["tasksHealthy"] as? Int == 0)
                #expect(try await api.deployments().contains { ($0["affectedApps"] as? [String]) == ["/failing"] }, "never healthy, still deploying")
            }
        }
    }

    static func lifecycle(_ api: MarathonAPI) async throws {
        #expect(try await api.call("POST", "/v2/apps", Self.greeter).status == 201)
        try await api.waitForHealthy("/web", 2)
        for task in try await api.tasks("/web") { #expect(await fetch(task.host, task.port, "greeting.txt") == "hello") }

        #expect(try await api.call("PUT", "/v2/apps/web", #"{"instances":3}"#).status == 200)
        try await api.waitForHealthy("/web", 3)

        let before = Set(try await api.tasks("/web").map(\.id))
        #expect(try await api.call("POST", "/v2/apps/web/restart").status == 200)
        try await Self.watchHealthGating(api, minimumHealthy: 2)
        try await api.waitForHealthy("/web", 3)
        let after = try await api.tasks("/web")
        #expect(Set(after.map(\.id)).isDisjoint(with: before), "every task was replaced")

        #expect(try await api.call("PUT", "/v2/apps/web", #"{"env":{"GREETING":"bonjour"}}"#).status == 200)
        try await api.waitForHealthy("/web", 3)
        let changed = try await api.tasks("/web")
        for task in changed { #expect(await fetch(task.host, task.port, "greeting.txt") == "bonjour") }

        #expect(try await api.call("DELETE", "/v2/apps/web").status == 200)
        try await eventually("the app to be gone", within: 30) { try await api.call("GET", "/v2/apps/web").status == 404 }
        try await eventually("every task's port to close", within: 30) { !changed.contains { isListening($0.port) } }
        try await eventually("no task left", within: 30) {
            ((try await api.call("GET", "/v2/tasks").json as? [String: Any])?["tasks"] as? [Any])?.isEmpty == true
        }
    }

    /// Polls while a deployment runs: never fewer than `minimumHealthy` healthy tasks.
    static func watchHealthGating(_ api: MarathonAPI, minimumHealthy: Int) async throws {
        try await eventually("the restart to finish", within: 60, every: .milliseconds(50)) {
            let app = try await api.app("/web")
            let healthy = app["tasksHealthy"] as? Int ?? 0
            #expect(healthy >= minimumHealthy, "health gating: only \(healthy) healthy tasks during the restart")
            return (app["deployments"] as? [Any])?.isEmpty == true
        }
    }

    @Test func killingTheFrameworkMidDeploymentResumesWithoutDuplicates() async throws {
        try await withCluster("apps-failover") { cluster in
            let workDir = "\(cluster.directory)/apps"
            let (first, address) = try await startApps(cluster, workDir: workDir)
            let api = MarathonAPI(address: address)
            let slow = #"""
                {"id":"/slow","cmd":"sleep 20 && exec python3 -m http.server $PORT0 --bind 127.0.0.1","instances":3,"cpus":0.1,"mem":32,
                 "healthChecks":[{"protocol":"HTTP","gracePeriodSeconds":60,"intervalSeconds":1,"timeoutSeconds":1}]}
                """#
            #expect(try await api.call("POST", "/v2/apps", slow).status == 201)
            let state: (deployment: String, tasks: Set<String>)
            do {
                try await eventually("three running, not yet healthy tasks", within: 30) {
                    try await api.app("/slow")["tasksRunning"] as? Int == 3
                }
                let deployment = try #require(try await api.deployments().first?["id"] as? String)
                state = (deployment, Set(try await api.tasks("/slow").map(\.id)))
            } catch {
                await first.stop()
                throw error
            }
            first.signal(SIGKILL)
            _ = await first.waitForExit()
            try await withApps(cluster, name: "apps-restarted", workDir: workDir) { _, api in
                try await Self.checkResumed(api, cluster: cluster, deployment: state.deployment, tasks: state.tasks)
            }
        }
    }

    static func checkResumed(_ api: MarathonAPI, cluster: LocalCluster, deployment: String, tasks: Set<String>) async throws {
        // A restarted server answers 503 until it has loaded its state.
        try await eventually("the restarted apps server to serve its deployments", within: 30) {
            try await api.call("GET", "/v2/deployments").status == 200
        }
        let resumed = try await api.deployments().map { $0["id"] as? String }
        #expect(resumed == [deployment], "the deployment resumes")
        try await api.waitForHealthy("/slow", 3)
        #expect(Set(try await api.tasks("/slow").map(\.id)) == tasks, "the same tasks: none killed, none added")
        let state = try await cluster.masterJSON("/master/state")
        let frameworks = state["frameworks"] as? [[String: Any]] ?? []
        #expect(frameworks.count == 1, "re-subscribed as the same framework")
        let running = (frameworks.first?["tasks"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "TASK_RUNNING" }
        #expect(running.count == 3, "no duplicate tasks at the master")
    }

    @Test func aKilledTaskIsReplacedAfterAVisibleBackoff() async throws {
        try await withCluster("apps-backoff") { cluster in
            try await withApps(cluster) { _, api in try await Self.crashAndBackOff(api) }
        }
    }

    static func crashAndBackOff(_ api: MarathonAPI) async throws {
        let app = #"{"id":"/crashy","cmd":"exec python3 -m http.server $PORT0 --bind 127.0.0.1","cpus":0.1,"mem":32,"backoffSeconds":300}"#
        #expect(try await api.call("POST", "/v2/apps", app).status == 201)
        try await eventually("the task to run", within: 30) { try await api.app("/crashy")["tasksRunning"] as? Int == 1 }
        let task = try #require(try await api.tasks("/crashy").first)
        try await eventually("the server to listen", within: 30) { isListening(task.port) }
        let pid = try #require(processID(matching: ["http.server", String(task.port)]))
        kill(pid, SIGKILL)

        let item = try await eventuallyValue("the backoff in the queue", within: 30) { () -> [String: Any]? in
            let queue = try await api.call("GET", "/v2/queue").json as? [String: [[String: Any]]]
            return queue?["queue"]?.first
        }
        let delay = item["delay"] as? [String: Any]
        #expect(delay?["overdue"] as? Bool == false && (delay?["timeLeftSeconds"] as? Int ?? 0) > 200, "\(item)")
        let failure = try await api.app("/crashy")["lastTaskFailure"] as? [String: Any]
        #expect(failure?["taskId"] as? String == task.id && failure?["state"] as? String == "TASK_FAILED")

        #expect(try await api.call("DELETE", "/v2/queue/crashy/delay").status == 204)
        try await eventually("the replacement to run", within: 30) {
            let tasks = try await api.tasks("/crashy")
            return try await api.app("/crashy")["tasksRunning"] as? Int == 1 && tasks.first?.id.hasSuffix("._app.2") == true
        }
    }
}
