import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// The jobs framework as real processes: `agora master`, `agora agent`, `agora jobs`.
@Suite struct JobsIntegrationTests {
    @Test func anISOJobEveryTwoSecondsSucceedsRepeatedly() async throws {
        try await withJobs("jobs-iso") { _, jobs in
            let job = #"{"name":"heartbeat","command":"echo beat","schedule":"R//PT2S","owner":"ops@example.com"}"#
            #expect(try await jobs.call("POST", "/v1/scheduler/iso8601", job).status == 204)
            try await eventually("three successful runs", within: 30) {
                (try await jobs.chronosJob("heartbeat")?["successCount"] as? Int ?? 0) >= 3
            }
            let history = try await jobs.runHistory("heartbeat").filter { $0["trigger"] as? String == "schedule" }
            let dues = history.compactMap { $0["dueTime"] as? String }
            #expect(Set(dues).count == dues.count, "each due time ran once")
            // An instant that comes due while the previous run has not reported its end yet (a
            // loaded machine) is skipped, as Chronos does; every run that ran succeeded.
            let ran = history.filter { $0["status"] as? String != "SKIPPED" }
            #expect(ran.count >= 3 && ran.allSatisfy { $0["status"] as? String == "SUCCESS" }, "\(history)")
        }
    }

    @Test func aDependentJobRunsAfterItsParent() async throws {
        try await withJobs("jobs-dependency") { _, jobs in
            let parent = #"{"name":"extract","command":"sleep 0.5","schedule":"R/2030-01-01T00:00:00Z/P1D","owner":""}"#
            let child = #"{"name":"load","command":"true","parents":["extract"],"owner":""}"#
            #expect(try await jobs.call("POST", "/v1/scheduler/iso8601", parent).status == 204)
            #expect(try await jobs.call("POST", "/v1/scheduler/dependency", child).status == 204)
            #expect(try await jobs.call("PUT", "/v1/scheduler/job/extract").status == 204)
            try await eventually("the child to succeed", within: 30) {
                (try await jobs.chronosJob("load")?["successCount"] as? Int ?? 0) == 1
            }
            let parentEnd = try #require(try await jobs.runHistory("extract").first?["endTime"] as? String)
            let childRun = try #require(try await jobs.runHistory("load").first)
            #expect(childRun["trigger"] as? String == "dependency")
            #expect((childRun["startTime"] as? String ?? "") >= parentEnd, "the child started after the parent ended")
        }
    }

    @Test func aFailingJobRetriesAndIsRecorded() async throws {
        try await withJobs("jobs-retry") { _, jobs in
            let job = #"{"name":"flaky","command":"exit 3","schedule":"R/2030-01-01T00:00:00Z/P1D","retries":2,"owner":""}"#
            #expect(try await jobs.call("POST", "/v1/scheduler/iso8601", job).status == 204)
            #expect(try await jobs.call("PUT", "/v1/scheduler/job/flaky").status == 204)
            try await eventually("the run to fail for good", within: 40) {
                (try await jobs.chronosJob("flaky")?["errorCount"] as? Int ?? 0) == 1
            }
            let run = try #require(try await jobs.runHistory("flaky").first)
            #expect(run["status"] as? String == "FAILED")
            #expect(run["attempts"] as? Int == 3, "the first attempt and two retries")
            let tasks = try await jobs.get("/v1/scheduler/job/stat/flaky") as? [String: Any]
            let attempts = ((tasks?["taskStatHistory"] as? [[String: Any]]) ?? []).compactMap { $0["attempt"] as? Int }
            #expect(attempts.sorted() == [0, 1, 2])
            #expect((try await jobs.chronosJob("flaky")?["lastError"] as? String ?? "").isEmpty == false)
        }
    }

    @Test func aManualRunOfAJobScheduledADayAhead() async throws {
        try await withJobs("jobs-manual") { _, jobs in
            let tomorrow = Date().addingTimeInterval(86_400)
            let start = ISO8601DateFormatter().string(from: tomorrow)
            let job = #"{"name":"tomorrow","command":"true","schedule":"R/\#(start)/P1D","owner":""}"#
            #expect(try await jobs.call("POST", "/v1/scheduler/iso8601", job).status == 204)
            #expect(try await jobs.call("PUT", "/v1/scheduler/job/tomorrow").status == 204)
            try await eventually("the manual run to succeed", within: 30) {
                (try await jobs.chronosJob("tomorrow")?["successCount"] as? Int ?? 0) == 1
            }
            let stored = try #require(try await jobs.chronosJob("tomorrow"))
            #expect(stored["schedule"] as? String == "R/\(start)/P1D", "a manual run leaves the schedule alone")
            #expect(try await jobs.runHistory("tomorrow").map { $0["trigger"] as? String } == ["manual"])
        }
    }

    @Test func killedJustBeforeADueTimeAndRestartedTheRunHappensOnce() async throws {
        try await withCluster("jobs-restart") { cluster in
            var jobs = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory)
            // Subscribed first: the framework ID is stored in the write queue ahead of the job's
            // write, so once the POST is answered the restarted framework re-subscribes with it.
            // (Killed before its ID is stored, a framework comes back as a new one, as in Mesos.)
            try await eventually("the jobs framework to subscribe") {
                let frameworks = try await cluster.masterJSON("/master/state")["frameworks"] as? [[String: Any]] ?? []
                return frameworks.contains { $0["name"] as? String == "agora-jobs" && $0["active"] as? Bool == true }
            }
            let due = Date().addingTimeInterval(4)
            let start = ISO8601DateFormatter().string(from: due)
            let job = #"{"name":"once","command":"true","schedule":"R1/\#(start)/PT1H","owner":""}"#
            #expect(try await jobs.call("POST", "/v1/scheduler/iso8601", job).status == 204)
            jobs.process.signal(SIGKILL)
            _ = await jobs.process.waitForExit()
            try await eventually("the due time to pass", within: 10, every: .milliseconds(100)) { Date() > due.addingTimeInterval(1) }
            jobs = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory, name: "jobs-restarted")
            try await eventually("the missed run to succeed", within: 30) {
                (try await jobs.chronosJob("once")?["successCount"] as? Int ?? 0) == 1
            }
            // Kill again after the run and restart: the settled due time is not run again.
            jobs.process.signal(SIGKILL)
            _ = await jobs.process.waitForExit()
            jobs = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory, name: "jobs-third")
            let history = try await jobs.runHistory("once").filter { $0["runId"] != nil }
            #expect(history.count == 1, "one run for the one due time: \(history)")
            let state = try await cluster.masterJSON("/master/state")
            let frameworks = (state["frameworks"] as? [[String: Any]]) ?? []
            #expect(frameworks.filter { $0["name"] as? String == "agora-jobs" }.count == 1, "the same framework re-subscribed")
            await jobs.stop()
        }
    }
}
