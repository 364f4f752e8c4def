import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobsCore
import JobsServer
import Testing

/// The Metronome API over HTTP (router, no socket): every route, status code and error body.
@Suite struct MetronomeContractTests {
    static let spec = #"{"id":"backup","description":"nightly","run":{"cmd":"sleep 1","cpus":0.1,"mem":32,"disk":0}}"#
    static let schedule = #"{"id":"nightly","cron":"0 3 * * *","timezone":"Europe/Berlin","concurrencyPolicy":"ALLOW"}"#
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func jobsCreateListGetUpdateDelete() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "/v1/jobs", method: .post, headers: Self.json, body: bytes(Self.spec)) { (response: TestResponse) async throws in
                #expect(response.status == .created)
                #expect(try response.json().objectMembers?.map(\.0) == ["id", "description", "labels", "run"], "a JobSpec, nothing else")
            }
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes(Self.spec)) { (response: TestResponse) async throws in
                #expect(response.status == .conflict)
                #expect(try response.json() == .object([("message", "Job with this id already exists")]))
            }
            try await client.execute(uri: "/v1/jobs", method: .get) { (response: TestResponse) async throws in
                let jobs = try response.json().arrayItems
                #expect(jobs.count == 1 && jobs.first?["schedules"] == nil, "no embedded fields unless asked")
            }
            try await client.execute(uri: "/v1/jobs?embed=activeRuns&embed=schedules&embed=history&embed=historySummary", method: .get) { (r: TestResponse) async throws in
                let keys = try r.json().arrayItems.first?.objectMembers?.map(\.0) ?? []
                #expect(keys == ["id", "description", "labels", "run", "schedules", "activeRuns", "history", "historySummary"])
            }
            try await client.execute(uri: "/v1/jobs/backup?embed=nonsense", method: .get) { (r: TestResponse) async throws in #expect(r.status == .badRequest) }
            let updated = #"{"id":"backup","description":"weekly","run":{"cmd":"sleep 2","cpus":0.2,"mem":64,"disk":0}}"#
            try await client.execute(uri: "/v1/jobs/backup", method: .put, body: bytes(updated)) { (response: TestResponse) async throws in
                #expect(try response.status == .ok && response.json()["description"] == "weekly")
            }
            try await client.execute(uri: "/v1/jobs/backup", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["run"]?["cmd"] == "sleep 2") }
            try await client.execute(uri: "/v1/jobs/nope", method: .get) { (response: TestResponse) async throws in
                #expect(try response.status == .notFound && response.json()["message"] != nil)
            }
            try await client.execute(uri: "/v1/jobs/nope", method: .put, body: bytes(Self.spec)) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/jobs/backup", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/jobs/backup", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
        }
        await h.stop()
    }

    @Test func invalidSpecsAre422WithPathsAndMalformedJSONIs400() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes(#"{"id":"Bad_Id","run":{"cmd":"x","cpus":0.1,"mem":32,"disk":0}}"#)) { (response: TestResponse) async throws in
                #expect(response.status == .unprocessableContent)
                let body = try response.json()
                #expect(body["message"] != nil)
                #expect(body["details"]?.arrayItems.first?["path"] == "/id")
                #expect(body["details"]?.arrayItems.first?["errors"]?.arrayItems.isEmpty == false)
            }
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes("{oops")) { (response: TestResponse) async throws in
                #expect(try response.status == .badRequest && response.json()["message"] == "Invalid JSON")
            }
            try await client.execute(uri: "/v1/jobs", method: .get) { (r: TestResponse) async throws in #expect(try r.json() == [], "nothing stored") }
        }
        await h.stop()
    }

    @Test func schedulesCrudWithNextRunAtInUTC() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes(Self.spec)) { (r: TestResponse) async throws in #expect(r.status == .created) }
            try await client.execute(uri: "/v1/jobs/backup/schedules", method: .post, body: bytes(Self.schedule)) { (response: TestResponse) async throws in
                #expect(response.status == .created)
                let body = try response.json()
                // 03:00 in Berlin on 2026-03-01 (CET, UTC+1) is 02:00 UTC.
                #expect(body["nextRunAt"] == "2026-03-01T02:00:00.000Z")
                #expect(body.objectMembers?.map(\.0) == ["id", "cron", "timezone", "startingDeadlineSeconds", "concurrencyPolicy", "enabled", "nextRunAt"])
            }
            try await client.execute(uri: "/v1/jobs/backup/schedules", method: .post, body: bytes(Self.schedule)) { (r: TestResponse) async throws in #expect(r.status == .conflict) }
            try await client.execute(uri: "/v1/jobs/backup/schedules", method: .get) { (r: TestResponse) async throws in #expect(try r.json().arrayItems.count == 1) }
            try await client.execute(uri: "/v1/jobs/backup/schedules/nightly", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["cron"] == "0 3 * * *") }
            try await client.execute(uri: "/v1/jobs/backup/schedules/other", method: .get) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
            let changed = #"{"id":"nightly","cron":"30 4 * * *","timezone":"UTC","concurrencyPolicy":"ALLOW"}"#
            try await client.execute(uri: "/v1/jobs/backup/schedules/nightly", method: .put, body: bytes(changed)) { (response: TestResponse) async throws in
                #expect(try response.status == .ok && response.json()["nextRunAt"] == "2026-03-01T04:30:00.000Z")
            }
            try await client.execute(uri: "/v1/jobs/backup/schedules/nightly", method: .put, body: bytes(#"{"id":"nightly","cron":"99 * * * *"}"#)) { (r: TestResponse) async throws in
                #expect(r.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/jobs/backup/schedules/nightly", method: .delete) { (response: TestResponse) async throws in
                #expect(response.status == .ok && response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/v1/jobs/backup/schedules/nightly", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/jobs/nope/schedules", method: .get) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
        }
        await h.stop()
    }

    @Test func runsStartGetStopAndDeleteNeedsStopCurrentJobRuns() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes(Self.spec)) { (r: TestResponse) async throws in #expect(r.status == .created) }
            let run = try await client.execute(uri: "/v1/jobs/backup/runs", method: .post) { (response: TestResponse) async throws in
                #expect(response.status == .created)
                let body = try response.json()
                #expect(body.objectMembers?.map(\.0) == ["id", "jobId", "status", "createdAt", "completedAt", "tasks"])
                #expect(body["status"] == "STARTING" && body["createdAt"] == "2026-03-01T00:00:00.000Z")
                return body["id"]?.stringValue ?? ""
            }
            try await client.execute(uri: "/v1/jobs/backup/runs", method: .get) { (r: TestResponse) async throws in #expect(try r.json().arrayItems.count == 1) }
            try await client.execute(uri: "/v1/jobs/backup/runs/\(run)", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["id"]?.stringValue == run) }
            try await client.execute(uri: "/v1/jobs/backup/runs/nope", method: .get) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/queue", method: .get) { (response: TestResponse) async throws in
                #expect(try response.json() == .array([.object([("jobId", "backup"), ("runs", [.object([("runId", .string(run))])])])]))
            }
            try await client.execute(uri: "/v1/jobs/backup", method: .delete) { (response: TestResponse) async throws in
                #expect(try response.status == .conflict && response.json()["message"] != nil)
            }
            try await client.execute(uri: "/v1/jobs/backup/runs/\(run)/actions/stop", method: .post) { (r: TestResponse) async throws in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/jobs/backup/runs/nope/actions/stop", method: .post) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/jobs/backup/runs", method: .post) { (r: TestResponse) async throws in #expect(r.status == .created) }
            try await client.execute(uri: "/v1/jobs/backup?stopCurrentJobRuns=true", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/jobs/nope/runs", method: .post) { (r: TestResponse) async throws in #expect(r.status == .notFound) }
        }
        await h.stop()
    }

    @Test func legacyScheduledJobsInfoLeaderMetricsPing() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            let withSchedules = #"{"id":"cleanup","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0},"schedules":[\#(Self.schedule)]}"#
            try await client.execute(uri: "/v0/scheduled-jobs", method: .post, body: bytes(withSchedules)) { (r: TestResponse) async throws in #expect(r.status == .created) }
            try await client.execute(uri: "/v1/jobs/cleanup/schedules", method: .get) { (r: TestResponse) async throws in #expect(try r.json().arrayItems.count == 1) }
            try await client.execute(uri: "/v0/scheduled-jobs/cleanup", method: .put, body: bytes(#"{"id":"cleanup","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0},"schedules":[]}"#)) { (r: TestResponse) async throws in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/v1/jobs/cleanup/schedules", method: .get) { (r: TestResponse) async throws in #expect(try r.json() == [], "v0 PUT replaces schedules") }
            try await client.execute(uri: "/info", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["version"] != nil) }
            try await client.execute(uri: "/leader", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["leader"] == "127.0.0.1:4400") }
            try await client.execute(uri: "/v1/metrics", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["gauges"]?["jobs.count"]?["value"] == 1) }
            try await client.execute(uri: "/ping", method: .get) { (r: TestResponse) async throws in #expect(r.status == .ok && r.text == "pong") }
        }
        await h.stop()
    }

    @Test func aJobCreatedThroughChronosIsListedByMetronomeAndBack() async throws {
        let h = try await ShellHarness()
        try await h.chronos(#"{"name":"from-chronos","command":"true","schedule":"R/2026-03-02T00:00:00Z/P1D"}"#)
        try await h.withRouter { client in
            try await client.execute(uri: "/v1/jobs/from-chronos", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["run"]?["cmd"] == "true") }
            try await client.execute(uri: "/v1/jobs", method: .post, body: bytes(Self.spec)) { (r: TestResponse) async throws in #expect(r.status == .created) }
            try await client.execute(uri: "/v1/scheduler/jobs", method: .get) { (response: TestResponse) async throws in
                // A Metronome job without a schedule has no Chronos form (Chronos jobs need a schedule or parents).
                #expect(try response.json().arrayItems.compactMap { $0["name"]?.stringValue } == ["from-chronos"])
            }
        }
        await h.stop()
    }
}
