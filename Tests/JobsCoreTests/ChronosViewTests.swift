import JobsCore
import Testing

@Suite struct ChronosViewTests {
    static let chronosKeys = [
        "name", "command", "shell", "executor", "executorFlags", "taskInfoData", "retries", "owner", "ownerName", "description",
        "successCount", "errorCount", "lastSuccess", "lastError", "cpus", "disk", "mem", "disabled", "softError",
        "dataProcessingJobType", "errorsSinceLastSuccess", "fetch", "uris", "environmentVariables", "arguments", "highPriority",
        "runAsUser", "concurrent", "maxCompletionTime", "constraints", "schedule", "scheduleTimeZone",
    ]

    @Test func defaultsAndFieldOrderFollowChronos() throws {
        var h = JobsHarness()
        h.chronos(#"{"name":"minimal","command":"echo hi","schedule":"R/2026-03-02T00:00:00Z/PT1H","owner":"ops@example.com"}"#)
        let job = try #require(h.chronosJSON("minimal"))
        #expect(job.objectMembers?.map(\.0) == Self.chronosKeys)
        #expect(job["shell"] == true && job["retries"] == 2 && job["concurrent"] == false && job["disabled"] == false)
        #expect(job["cpus"] == 0.1 && job["mem"] == 128 && job["disk"] == 256)
        #expect(job["runAsUser"] == "root" && job["lastSuccess"] == "" && job["maxCompletionTime"] == 0)
        #expect(job["scheduleTimeZone"] == "" && job["owner"] == "ops@example.com")
    }

    @Test func encodingRoundTripsThroughDecoding() throws {
        var h = JobsHarness()
        let body = #"""
            {"name":"full","command":"/bin/tool","shell":false,"arguments":["/bin/tool","-v"],"schedule":"R5/2026-03-02T03:00:00.000+01:00/P1D",
             "scheduleTimeZone":"Europe/Berlin","retries":4,"cpus":0.5,"mem":64,"disk":10,"disabled":false,"concurrent":true,
             "softError":true,"highPriority":true,"runAsUser":"batch","maxCompletionTime":600,"owner":"a@b","ownerName":"A",
             "description":"d","environmentVariables":[{"name":"K","value":"V"}],
             "fetch":[{"uri":"http://x/a.tgz","executable":false,"cache":true,"extract":true,"output_file":"a"}],
             "constraints":[["rack","EQUALS","r1"],["hostname","LIKE","web.*"]],"container":{"type":"DOCKER","image":"busybox"},
             "missedRunPolicy":"runAll","startingDeadlineSeconds":120}
            """#
        h.chronos(body)
        let first = try #require(h.chronosJSON("full"))
        #expect(h.perform(.chronosUpsert(first, kind: .scheduled)) == .noContent)
        let second = try #require(h.chronosJSON("full"))
        #expect(first == second)
        #expect(first["uris"] == ["http://x/a.tgz"])
        #expect(first["constraints"] == [["rack", "EQUALS", "r1"], ["hostname", "LIKE", "web.*"]])
        #expect(first["missedRunPolicy"] == "runAll" && first["startingDeadlineSeconds"] == 120)
    }

    @Test func serverMaintainedFieldsAreAcceptedOnInputAndKeptWhenAbsent() throws {
        var h = JobsHarness()
        h.chronos(#"{"name":"c","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","successCount":5,"errorCount":2,"lastSuccess":"2014-03-08T16:57:17.507Z","lastError":""}"#)
        h.chronos(#"{"name":"c","command":"y","schedule":"R/2026-03-02T00:00:00Z/PT1H"}"#)
        let job = try #require(h.chronosJSON("c"))
        #expect(job["successCount"] == 5 && job["errorCount"] == 2)
        #expect(job["lastSuccess"] == "2014-03-08T16:57:17.507Z" && job["lastError"] == "" && job["command"] == "y")
    }

    @Test(arguments: [
        (#"{"name":"bad name","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H"}"#, #"the job's name is invalid. Allowed names: '([\w\.-]+)'"#),
        (#"{"name":"s","command":"x","schedule":"every hour"}"#, "Cannot parse schedule 'every hour'"),
        (#"{"name":"s","command":"x","schedule":"R/1960-01-01T00:00:00Z/PT1H"}"#, "is before 1970"),
        (#"{"name":"s","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","scheduleTimeZone":"Mars/Base"}"#, "scheduleTimeZone"),
        (#"{"name":"s","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","uris":["a"],"fetch":[{"uri":"b"}]}"#, "Tried to add both uri (deprecated) and fetch parameters on s"),
        (#"{"name":"s","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","cpus":-1}"#, "Field 'cpus' must not be negative"),
        (#"{"name":"s","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","constraints":[["rack","GROUP_BY","2"]]}"#, "Field 'constraints': unknown operator 'GROUP_BY'"),
        (#"{"name":"s","command":"x","schedule":"R/2026-03-02T00:00:00Z/PT1H","retries":"two"}"#, "Field 'retries' must be a number"),
        (#"{"name":"s","command":"x"}"#, "Field 'schedule' is required"),
    ])
    func invalidJobsAre400WithAMessageNamingTheFieldAndNothingIsStored(body: String, message: String) {
        var h = JobsHarness()
        let result = h.perform(.chronosUpsert(json(body), kind: .scheduled))
        guard case .failed(let error) = result else {
            Issue.record("accepted: \(body)")
            return
        }
        #expect(error.statusCode == 400)
        #expect(error.json["status"] == "Bad Request")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(h.store.isEmpty && h.core.jobs.isEmpty)
    }

    @Test func unknownJobsAre400NotFound() {
        var h = JobsHarness()
        for command in [JobsCommand.chronosRun(name: "x", arguments: nil), .chronosDelete(name: "x"), .chronosKillTasks(name: "x"),
                        .chronosMarkSuccess(name: "x")] {
            #expect(h.perform(command) == .failed(.chronos("Job 'x' not found")))
        }
        #expect(h.core.chronosJobStat("x") == .failure(.chronos("Job 'x' not found")))
    }

    @Test func theStoredScheduleIsRewrittenOnLaunchAndR1IsDisabledAfterItsRun() throws {
        var h = JobsHarness(now: "2026-03-01T10:30:00Z")
        h.chronos(#"{"name":"twice","command":"x","schedule":"R2/2026-03-01T10:00:00Z/PT1H"}"#)
        let task = h.offer()[0]
        #expect(h.chronosJSON("twice")?["schedule"] == "R1/2026-03-01T11:00:00.000Z/PT1H")
        h.status(task.taskID, .finished)
        #expect(h.chronosJSON("twice")?["disabled"] == false)
        h.advance(to: "2026-03-01T11:00:00Z")
        h.status(h.offer()[0].taskID, .finished)
        // launched exactly at its start: the start stays (Chronos moves only a start before now)
        #expect(h.chronosJSON("twice")?["schedule"] == "R0/2026-03-01T11:00:00.000Z/PT1H")
        #expect(h.chronosJSON("twice")?["disabled"] == true)
        h.advance(to: "2026-03-01T15:00:00Z")
        #expect(h.offer().isEmpty)
    }

    @Test func cronAndManualJobsAreNotListedByTheChronosView() {
        var h = JobsHarness()
        h.metronome(#"{"id":"cron-job","run":{"cmd":"x"},"schedules":[{"id":"s1","cron":"0 * * * *"}]}"#)
        h.metronome(#"{"id":"manual-job","run":{"cmd":"x"}}"#)
        h.metronome(#"{"id":"child-job","dependencies":["cron-job"],"run":{"args":["/bin/echo","hi"]}}"#)
        let names = h.core.chronosJobs().arrayItems.compactMap { $0["name"]?.stringValue }
        #expect(names == ["child-job"])
        let child = h.chronosJSON("child-job")
        #expect(child?["command"] == "/bin/echo" && child?["shell"] == false && child?["arguments"] == ["/bin/echo", "hi"])
        #expect(child?["retries"] == 0 && child?["parents"] == ["cron-job"])
        #expect(h.perform(.chronosRun(name: "cron-job", arguments: nil)) == .noContent, "commands still work by name")
    }

    @Test func summarySearchGraphAndStats() throws {
        var h = JobsHarness()
        h.chronos(#"{"name":"alpha","command":"backup db","schedule":"R/2026-03-02T00:00:00Z/PT1H"}"#)
        h.chronos(#"{"name":"beta","command":"report","parents":["alpha"]}"#, kind: .dependent)
        for index in 0..<12 { h.chronos(#"{"name":"z\#(index)","command":"noop","schedule":"R/2026-03-02T00:00:00Z/PT1H"}"#) }
        h.perform(.chronosRun(name: "alpha", arguments: nil))
        let task = h.offer()[0]
        h.status(task.taskID, .running)
        let summary = h.core.chronosSummary()["jobs"]?.arrayItems.first
        #expect(summary == json(#"{"name":"alpha","status":"fresh","state":"1 running","schedule":"R/2026-03-02T00:00:00Z/PT1H","parents":[],"disabled":false}"#))
        h.now = h.now.adding(seconds: 65)
        h.status(task.taskID, .finished)
        #expect(h.core.chronosSearch(name: nil, command: nil, any: nil, limit: nil, offset: nil).arrayItems.count == 10)
        #expect(h.core.chronosSearch(name: "ALP", command: nil, any: nil, limit: nil, offset: nil).arrayItems.count == 1)
        #expect(h.core.chronosSearch(name: "none", command: nil, any: "report", limit: nil, offset: nil).arrayItems.count == 1)
        #expect(h.core.chronosGraphCSV().hasPrefix("node,alpha,success,idle\nnode,beta,fresh,queued\n"))
        #expect(h.core.chronosGraphCSV().hasSuffix("link,alpha,beta\n"))
        #expect(h.core.chronosGraphDot().contains("  1 -> 2;\n"))
        #expect(h.core.chronosStats("median") == .success(json(#"[{"jobNameLabel":"alpha","time":65}]"#)))
        let stat = try h.core.chronosJobStat("alpha").get()
        #expect(stat["histogram"]?["count"] == 1 && stat["histogram"]?["median"] == 65000)
        #expect(stat["taskStatHistory"]?.arrayItems.first?["status"] == "Success")
        #expect(stat["taskStatHistory"]?.arrayItems.first?["duration"] == "0d0h1m5s")
        #expect(stat["runHistory"]?.arrayItems.first?["status"] == "SUCCESS")
    }
}

extension JSONValue {
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
