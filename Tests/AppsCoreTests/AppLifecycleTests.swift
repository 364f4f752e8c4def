import AppsCore
import OfferMatching
import Testing

@Suite struct AppLifecycleTests {
    @Test func createLaunchesAndFinishesTheDeploymentWhenRunning() throws {
        var h = AppsHarness()
        let created = h.create(#"{"id":"web","cmd":"python -m http.server $PORT0","instances":2,"cpus":0.5,"mem":64}"#)
        let ref = try #require(created)
        let deployment = try #require(h.core.deployments[ref.id])
        // new app: step 1 StartApplication, step 2 ScaleApplication
        #expect(deployment.steps.map { $0.actions.map(\.kind.rawValue) } == [["StartApplication"], ["ScaleApplication"]])
        #expect(h.queued("/web") == 2)
        let launches = h.offer()
        #expect(launches.count == 2)
        #expect(launches.map(\.hostPorts) == [[31000], [31001]])
        #expect(h.core.deployments[ref.id] != nil)
        h.runAll(launches)
        // both running, no health checks -> deployment done
        #expect(h.core.deployments.isEmpty)
        #expect(AppsHarness.events(h.directives).contains("deployment_success"))
        #expect(h.core.counts(of: PathID("/web")) == TaskCounts(staged: 0, running: 2, healthy: 0, unhealthy: 0))
    }

    @Test func taskEnvironmentCarriesMarathonVariables() throws {
        var h = AppsHarness()
        h.create(#"""
            {"id":"/shop/api","cmd":"serve --port $PORT0","cpus":0.25,"mem":32,"labels":{"team":"core"},
             "env":{"MODE":"prod","PORT":"override"},
             "portDefinitions":[{"port":0,"name":"http"},{"port":0}]}
            """#)
        let launches = h.offer(agent: "a1", host: "node-1")
        let launch = try #require(launches.first)
        let env = launch.environmentDictionary
        #expect(env["PORT0"] == "31000")
        #expect(env["PORT1"] == "31001")
        #expect(env["PORTS"] == "31000,31001")
        #expect(env["PORT_HTTP"] == "31000")
        #expect(env["PORT"] == "override")  // the app's own env wins
        #expect(env["HOST"] == "node-1")
        #expect(env["MODE"] == "prod")
        #expect(env["MARATHON_APP_ID"] == "/shop/api")
        #expect(env["MARATHON_APP_VERSION"] == h.core.apps[PathID("/shop/api")]!.version.iso8601)
        #expect(env["MARATHON_APP_DOCKER_IMAGE"] == "")
        #expect(env["MARATHON_APP_RESOURCE_CPUS"] == "0.25")
        #expect(env["MARATHON_APP_RESOURCE_MEM"] == "32.0")
        #expect(env["MARATHON_APP_RESOURCE_DISK"] == "0.0")
        #expect(env["MARATHON_APP_RESOURCE_GPUS"] == "0")
        #expect(env["MARATHON_APP_LABELS"] == "TEAM")
        #expect(env["MARATHON_APP_LABEL_TEAM"] == "core")
        #expect(env["MESOS_TASK_ID"] == launch.taskID)
        #expect(launch.command == .shell("serve --port $PORT0"))
        #expect(launch.taskID.hasPrefix("shop_api.instance-") && launch.taskID.hasSuffix("._app.1"))
        // service ports assigned from 10000 up, in order
        #expect(h.core.apps[PathID("/shop/api")]!.portDefinitions.map(\.port) == [10000, 10001])
    }

    @Test func deleteStopsTheAppAndAnnouncesItsTermination() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"sleep 100","instances":2}"#)
        let launches = h.offer()
        h.runAll(launches)
        guard case .deployment(let ref) = h.perform(.deleteApp(id: "/web", force: true)) else {
            Issue.record("delete failed")
            return
        }
        #expect(h.core.deployments[ref.id]?.steps.map { $0.actions.map(\.kind) } == [[.stop]])
        #expect(Set(AppsHarness.kills(h.directives)) == Set(launches.map(\.taskID)))
        #expect(h.core.apps[PathID("/web")] == nil)
        for launch in launches { h.status(launch.taskID, .killed) }
        #expect(h.core.deployments.isEmpty)
        #expect(AppsHarness.events(h.directives).contains("app_terminated_event"))
        #expect(!h.store.keys.contains { $0.hasPrefix("apps/") || $0.hasPrefix("instances/") || $0.hasPrefix("app-versions/") })
    }

    @Test func crashedTasksAreReplacedAfterBackoff() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"false","backoffSeconds":10,"backoffFactor":2,"maxLaunchDelaySeconds":25}"#)
        var launches = h.offer()
        var launch = try #require(launches.first)
        h.status(launch.taskID, .running)
        h.status(launch.taskID, .failed)
        // backoff 10 s: an offer now is declined
        #expect(h.offer().isEmpty)
        #expect(h.core.queue(now: h.now).first?.delaySecondsLeft == 10)
        h.advance(10)
        launches = h.offer()
        launch = try #require(launches.first)
        #expect(launch.taskID.hasSuffix("._app.2"))  // same instance, next incarnation
        h.status(launch.taskID, .failed)
        // second failure: 10 * 2 = 20 s
        #expect(h.core.queue(now: h.now).first?.delaySecondsLeft == 20)
        h.advance(20)
        launches = h.offer()
        launch = try #require(launches.first)
        h.status(launch.taskID, .failed)
        // third: 40 capped at 25
        #expect(h.core.queue(now: h.now).first?.delaySecondsLeft == 25)
        #expect(h.core.lastTaskFailures[PathID("/web")]?.state == .failed)
    }

    @Test func aDeploymentSpreadsOverTheAgentsOffered() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x","instances":5,"cpus":0.1,"mem":16}"#)
        let offers = ["a1", "a2", "a3"].map { agent in
            ResourceOffer(id: "o-\(agent)", agentID: agent, hostname: agent, cpus: 8, mem: 8192, ports: [ValueRange(31000, 31099)])
        }
        let output = h.handle(.offers(offers))
        let perAgent = output.compactMap { directive -> (String, Int)? in
            if case .launch(_, let agent, let tasks) = directive { return (agent, tasks.count) }
            return nil
        }
        #expect(perAgent.map(\.0) == ["a1", "a2", "a3"] && perAgent.map(\.1) == [2, 2, 1], "\(perAgent)")
    }
}
