import JobsCore
import OfferMatching
import Testing

@Suite struct TaskLaunchTests {
    @Test func chronosTaskIDsAndEnvironment() throws {
        var h = JobsHarness(now: "2026-03-01T12:00:00Z")
        h.chronos(#"{"name":"etl.daily","command":"run.sh","schedule":"R/2026-03-02T00:00:00Z/P1D","owner":"o@x","cpus":0.5,"environmentVariables":[{"name":"MODE","value":"fast"},{"name":"HOST","value":"spoofed"}]}"#)
        h.perform(.chronosRun(name: "etl.daily", arguments: "--day 1; rm -rf /"))
        let task = try #require(h.offer().first)
        #expect(task.taskID == "ct:\(h.now.milliseconds):0:etl.daily:--day 1 rm -rf /")
        #expect(task.name == "ChronosTask:etl.daily")
        #expect(task.command == .shell("run.sh --day 1 rm -rf /"), "';' is filtered as Chronos does")
        #expect(task.user == "root")
        let env = Dictionary(uniqueKeysWithValues: task.environment.map { ($0.name, $0.value) })
        #expect(env["mesos_task_id"] == task.taskID && env["MESOS_TASK_ID"] == task.taskID)
        #expect(env["CHRONOS_JOB_NAME"] == "etl.daily" && env["CHRONOS_JOB_OWNER"] == "o@x")
        #expect(env["CHRONOS_JOB_RUN_TIME"] == String(h.now.milliseconds) && env["CHRONOS_JOB_RUN_ATTEMPT"] == "0")
        #expect(env["CHRONOS_RESOURCE_CPU"] == "0.5" && env["CHRONOS_RESOURCE_MEM"] == "128.0" && env["CHRONOS_RESOURCE_DISK"] == "256.0")
        #expect(env["HOST"] == "host-a1", "job variables never replace generated ones (Chronos's rule)")
        #expect(env["MODE"] == "fast")
        #expect(env["MARATHON_APP_ID"] == "/etl/daily/" + task.runID)
        #expect(task.environment.map(\.name) == task.environment.map(\.name).sorted())
        let parsed = try #require(ChronosTaskID(parsing: task.taskID))
        #expect(parsed.due == h.now && parsed.attempt == 0 && parsed.jobName == "etl.daily" && parsed.arguments == "--day 1 rm -rf /")
    }

    @Test func execJobsPassArgvAndTheirArgumentsAreInTheTaskID() throws {
        var h = JobsHarness()
        h.chronos(#"{"name":"exec","command":"/bin/echo","shell":false,"arguments":["/bin/echo","a","b"],"schedule":"R/2026-03-01T00:00:00Z/P1D"}"#)
        let task = try #require(h.offer().first)
        #expect(task.command == .exec(value: "/bin/echo", arguments: ["/bin/echo", "a", "b"]))
        #expect(task.taskID.hasSuffix(":0:exec:/bin/echo a b"))
        #expect(ChronosTaskID(parsing: "not:a:task") == nil)
    }

    @Test func theFirstSuitableOfferWinsAndJobsShareOffers() {
        var h = JobsHarness()
        h.chronos(#"{"name":"rack2","command":"x","schedule":"R/2026-03-01T00:00:00Z/P1D","constraints":[["rack","EQUALS","r2"]],"cpus":1,"mem":100,"disk":1}"#)
        h.chronos(#"{"name":"big","command":"x","schedule":"R/2026-03-01T00:00:00Z/P1D","cpus":3,"mem":100,"disk":1}"#)
        h.chronos(#"{"name":"small","command":"x","schedule":"R/2026-03-01T00:00:00Z/P1D","cpus":1,"mem":100,"disk":1}"#)
        let offers = [
            ResourceOffer(id: "o1", agentID: "a1", hostname: "h1", attributes: ["rack": .text("r1")], cpus: 2, mem: 1000, disk: 100),
            ResourceOffer(id: "o2", agentID: "a2", hostname: "h2", attributes: ["rack": .text("r2")], cpus: 4, mem: 1000, disk: 100),
        ]
        let output = h.handle(.offers(offers))
        var placed: [String: String] = [:]
        for directive in output {
            if case .launch(_, let agent, let tasks) = directive { for task in tasks { placed[task.jobID] = agent } }
        }
        #expect(placed == ["rack2": "a2", "big": "a2", "small": "a1"])
        h.advance(1)
        let none = h.handle(.offers([ResourceOffer(id: "o3", agentID: "a3", hostname: "h3", cpus: 8, mem: 8000, disk: 100)]))
        #expect(none.contains(.decline(offerIDs: ["o3"], refuseSeconds: 5)))
    }

    @Test func highPriorityRunsLaunchFirst() {
        var h = JobsHarness()
        h.chronos(#"{"name":"a-normal","command":"x","schedule":"R/2026-03-01T00:00:00Z/P1D","cpus":1,"mem":10,"disk":1}"#)
        h.chronos(#"{"name":"z-urgent","command":"x","schedule":"R/2026-03-01T00:00:00Z/P1D","cpus":1,"mem":10,"disk":1,"highPriority":true}"#)
        #expect(h.offer(cpus: 1, mem: 100, disk: 10).map(\.jobID) == ["z-urgent"])
    }

    @Test func offersAreRevivedWhenARunComesDueAndSuppressedWhenIdle() {
        var h = JobsHarness(now: "2026-03-01T00:30:00Z")
        let created = h.perform(.chronosUpsert(json(#"{"name":"j","command":"x","schedule":"R/2026-03-01T01:00:00Z/PT1H"}"#), kind: .scheduled))
        #expect(created == .noContent)
        #expect(h.directives.contains(.suppressOffers))
        let due = h.advance(to: "2026-03-01T01:00:00Z")
        #expect(due.contains(.reviveOffers))
        let launched = h.handle(.offers([ResourceOffer(id: "o1", agentID: "a1", hostname: "h", cpus: 1, mem: 1000, disk: 1000)]))
        #expect(launched.contains(.suppressOffers))
        #expect(JobsHarness.wakeUp(launched) == at("2026-03-01T01:05:00Z"), "launch timeout of the unconfirmed task")
    }
}
