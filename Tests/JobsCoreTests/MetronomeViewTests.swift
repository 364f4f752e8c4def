import JobsCore
import Testing

@Suite struct MetronomeViewTests {
    static let spec = #"{"id":"prod.backup","description":"nightly","labels":{"team":"ops"},"run":{"cmd":"backup.sh","cpus":0.5,"mem":64,"disk":0,"env":{"A":"1","S":{"secret":"db-pass"}},"placement":{"constraints":[{"attribute":"rack","operator":"EQ","value":"r1"}]},"artifacts":[{"uri":"http://x/tool"}],"restart":{"policy":"ON_FAILURE","activeDeadlineSeconds":300},"taskKillGracePeriodSeconds":5,"secrets":{"db-pass":{"source":"/db"}}}}"#

    static let runKeys = ["cpus", "mem", "disk", "cmd", "env", "placement", "artifacts", "maxLaunchDelay", "volumes", "restart",
                          "taskKillGracePeriodSeconds", "secrets"]

    @Test func createAnswersTheJobSpecWithOnlyMetronomeFields() throws {
        var h = JobsHarness()
        let result = h.perform(.metronomeCreateJob(json(Self.spec)))
        guard case .created(let body) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(body.objectMembers?.map(\.0) == ["id", "description", "labels", "run"])
        #expect(body["run"]?.objectMembers?.map(\.0) == Self.runKeys)
        #expect(body["run"]?["placement"] == json(#"{"constraints":[{"attribute":"rack","operator":"IS","value":"r1"}]}"#))
        #expect(body["run"]?["artifacts"] == json(#"[{"uri":"http://x/tool","extract":true,"executable":false,"cache":false}]"#))
        #expect(body["run"]?["restart"] == json(#"{"policy":"ON_FAILURE","activeDeadlineSeconds":300}"#))
        #expect(body["run"]?["env"] == json(#"{"A":"1","S":{"secret":"db-pass"}}"#))
        #expect(body["run"]?["maxLaunchDelay"] == 3600)
        let info = try h.core.metronomeJobInfo("prod.backup", embed: [], now: h.now).get()
        #expect(info.objectMembers?.map(\.0) == ["id", "description", "labels", "run"], "no fields a JobSpec parser would refuse")
        let embedded = try h.core.metronomeJobInfo("prod.backup", embed: Set(MetronomeEmbed.allCases), now: h.now).get()
        #expect(embedded.objectMembers?.map(\.0) == ["id", "description", "labels", "run", "schedules", "activeRuns", "history", "historySummary"])
        #expect(embedded["historySummary"] == json(#"{"successCount":0,"failureCount":0,"lastSuccessAt":null,"lastFailureAt":null}"#))
    }

    @Test func jobSpecRoundTripsThroughUpdate() throws {
        var h = JobsHarness()
        h.metronome(Self.spec)
        let first = try h.core.metronomeJobInfo("prod.backup", embed: [], now: h.now).get()
        #expect(h.perform(.metronomeUpdateJob(id: "prod.backup", first, replaceSchedules: false)).statusCode == 200)
        #expect(try h.core.metronomeJobInfo("prod.backup", embed: [], now: h.now).get() == first)
    }

    @Test func schedulesOneOnlyWithNextRunAtAndMetronomeErrors() throws {
        var h = JobsHarness(now: "2026-03-01T10:20:00Z")
        h.metronome(#"{"id":"hourly","run":{"cmd":"x"}}"#)
        let schedule = json(#"{"id":"every-hour","cron":"0 * * * *","timezone":"Europe/Berlin"}"#)
        let created = h.perform(.metronomeCreateSchedule(jobID: "hourly", schedule))
        #expect(created == .created(json(#"{"id":"every-hour","cron":"0 * * * *","timezone":"Europe/Berlin","startingDeadlineSeconds":900,"concurrencyPolicy":"FORBID","enabled":true,"nextRunAt":"2026-03-01T11:00:00.000Z"}"#)))
        #expect(h.perform(.metronomeCreateSchedule(jobID: "hourly", schedule)).statusCode == 409)
        #expect(h.perform(.metronomeCreateSchedule(jobID: "hourly", json(#"{"id":"other","cron":"5 * * * *"}"#))).statusCode == 422)
        let unknown = h.perform(.metronomeCreateSchedule(jobID: "nope", schedule))
        #expect(unknown == .failed(.notFound(json(#"{"id":"nope","message":"Job not found"}"#))))
        #expect(h.perform(.metronomeDeleteSchedule(jobID: "hourly", scheduleID: "zz")).statusCode == 404)
        #expect(h.perform(.metronomeDeleteSchedule(jobID: "hourly", scheduleID: "every-hour")) == .okEmpty)
        #expect(try h.core.metronomeSchedules("hourly", now: h.now).get() == [])
    }

    @Test(arguments: [
        (#"{"id":"Bad_Id","run":{"cmd":"x"}}"#, "/id"),
        (#"{"id":"ok"}"#, "/run"),
        (#"{"id":"ok","run":{"cpus":0.001,"cmd":"x"}}"#, "/run/cpus"),
        (#"{"id":"ok","run":{"mem":16,"cmd":"x"}}"#, "/run/mem"),
        (#"{"id":"ok","run":{"cpus":1}}"#, "/run"),
        (#"{"id":"ok","run":{"cmd":"x","args":["y"]}}"#, "/run"),
        (#"{"id":"ok","run":{"cmd":"x","placement":{"constraints":[{"attribute":"a","operator":"UNIQUE"}]}}}"#, "/run/placement/constraints(0)/operator"),
        (#"{"id":"ok","run":{"cmd":"x","restart":{"policy":"ALWAYS"}}}"#, "/run/restart/policy"),
        (#"{"id":"ok","run":{"cmd":"x"},"schedules":[{"id":"s1","cron":"61 * * * *"}]}"#, "/schedules(0)/cron"),
        (#"{"id":"ok","run":{"cmd":"x"},"schedules":[{"id":"s1","cron":"* * * * *","timezone":"Mars/Base"}]}"#, "/schedules(0)/timezone"),
        (#"{"id":"ok","run":{"cmd":"x"},"schedules":[{"id":"s1","cron":"* * * * *","startingDeadlineSeconds":30}]}"#, "/schedules(0)/startingDeadlineSeconds"),
        (#"{"id":"ok","run":{"cmd":"x"},"schedules":[{"id":"s1","cron":"* * * * *","concurrencyPolicy":"REPLACE"}]}"#, "/schedules(0)/concurrencyPolicy"),
    ])
    func invalidSpecsAre422WithThePath(body: String, path: String) {
        var h = JobsHarness()
        guard case .failed(.invalid(let failure)) = h.perform(.metronomeCreateJob(json(body))) else {
            Issue.record("not a 422: \(body)")
            return
        }
        #expect(failure.details.map(\.path).contains(path), "\(failure)")
        #expect(failure.json["message"] != nil && failure.json["details"] != nil)
        #expect(h.store.isEmpty)
    }

    @Test func duplicatesAndDeletionWithActiveRuns() {
        var h = JobsHarness()
        h.metronome(#"{"id":"busy","run":{"cmd":"sleep 100"}}"#)
        #expect(h.perform(.metronomeCreateJob(json(#"{"id":"busy","run":{"cmd":"x"}}"#))) == .failed(.conflict("Job with this id already exists")))
        h.perform(.metronomeStartRun(jobID: "busy"))
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        #expect(h.perform(.metronomeDeleteJob(id: "busy", stopCurrentJobRuns: false)).statusCode == 409)
        let before = h.directives.count
        #expect(h.perform(.metronomeDeleteJob(id: "busy", stopCurrentJobRuns: true)).statusCode == 200)
        #expect(JobsHarness.kills(Array(h.directives[before...])) == [task.taskID])
        #expect(h.perform(.metronomeDeleteJob(id: "busy", stopCurrentJobRuns: true)).statusCode == 404)
    }

    @Test func jobRunGoesThroughMetronomeStatuses() throws {
        var h = JobsHarness()
        h.metronome(#"{"id":"job","run":{"cmd":"x"}}"#)
        guard case .created(let run) = h.perform(.metronomeStartRun(jobID: "job")), let id = run["id"]?.stringValue else {
            Issue.record("no run")
            return
        }
        #expect(run.objectMembers?.map(\.0) == ["id", "jobId", "status", "createdAt", "completedAt", "tasks"])
        #expect(run["status"] == "STARTING" && run["completedAt"] == .null && run["tasks"] == [])
        #expect(id.hasPrefix("20260301000000") && id.count == 19)
        #expect(h.core.metronomeQueue() == json(#"[{"jobId":"job","runs":[{"runId":"\#(id)"}]}]"#))
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        let active = try h.core.metronomeRun("job", id).get()
        #expect(active["status"] == "ACTIVE")
        #expect(active["tasks"] == json(#"[{"id":"\#(task.taskID)","startedAt":"2026-03-01T00:00:00.000Z","status":"TASK_RUNNING"}]"#))
        h.now = h.now.adding(seconds: 2)
        h.status(task.taskID, .finished)
        let done = try h.core.metronomeRun("job", id).get()
        #expect(done["status"] == "SUCCESS" && done["completedAt"] == "2026-03-01T00:00:02.000Z")
        let history = try h.core.metronomeJobInfo("job", embed: [.history], now: h.now).get()["history"]
        #expect(history?["successCount"] == 1)
        #expect(history?["successfulFinishedRuns"] == json(#"[{"id":"\#(id)","createdAt":"2026-03-01T00:00:00.000Z","finishedAt":"2026-03-01T00:00:02.000Z","tasks":["\#(task.taskID)"]}]"#))
        #expect(h.core.metronomeRun("job", "nope") == .failure(.notFound(json(#"{"jobSpec":"job","id":"nope","message":"Job Run not found"}"#))))
    }

    @Test func chronosJobsAppearInTheMetronomeViewWhereTheirIdsAllow() throws {
        var h = JobsHarness()
        h.chronos(#"{"name":"nightly-report","command":"report","schedule":"R/2026-03-02T00:00:00Z/P1D","retries":3,"owner":"me@x"}"#)
        h.chronos(#"{"name":"Legacy_Job","command":"x","schedule":"R/2026-03-02T00:00:00Z/P1D"}"#)
        let ids = h.core.metronomeJobs(embed: [], now: h.now).arrayItems.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["nightly-report"])
        let info = try h.core.metronomeJobInfo("nightly-report", embed: [], now: h.now).get()
        #expect(info["schedules"] == nil)
        let withSchedules = try h.core.metronomeJobInfo("nightly-report", embed: [.schedules], now: h.now).get()
        #expect(withSchedules["schedules"] == [], "an ISO 8601 schedule is not expressible as a Metronome schedule")
        #expect(info["run"]?["restart"] == json(#"{"policy":"ON_FAILURE"}"#))
        // a Metronome PUT keeps what only Chronos can express
        #expect(h.perform(.metronomeUpdateJob(id: "nightly-report", info, replaceSchedules: false)).statusCode == 200)
        let job = h.core.jobs["nightly-report"]!.definition
        #expect(job.policies.retries == 3 && job.chronos.owner == "me@x")
        #expect(job.schedule?.expression == .iso8601("R/2026-03-02T00:00:00Z/P1D"))
    }
}
