import AgoraTestKit
import Foundation
import Testing

/// The Metronome API on real processes.
@Suite struct MetronomeIntegrationTests {
    @Test func aRunGoesActiveThenSuccessAndIntoTheHistory() async throws {
        try await withJobs("metronome-run") { _, jobs in
            // Long enough that TASK_RUNNING reaches the framework before the task ends, even on a busy machine.
            let spec = #"{"id":"report","run":{"cmd":"sleep 3","cpus":0.1,"mem":32,"disk":0}}"#
            #expect(try await jobs.call("POST", "/v1/jobs", spec).status == 201)
            let started = try await jobs.call("POST", "/v1/jobs/report/runs")
            #expect(started.status == 201)
            let run = try #require((try JSONSerialization.jsonObject(with: Data(started.body.utf8)) as? [String: Any])?["id"] as? String)
            var seen: [String] = []
            try await eventually("the run to succeed", within: 30) {
                let current = try await jobs.get("/v1/jobs/report/runs/\(run)") as? [String: Any]
                let status = current?["status"] as? String ?? "?"
                if seen.last != status { seen.append(status) }
                return status == "SUCCESS"
            }
            let active = try #require(seen.firstIndex(of: "ACTIVE"), "\(seen)")
            #expect(seen.last == "SUCCESS" && active < seen.count - 1, "ACTIVE before SUCCESS: \(seen)")
            let info = try await jobs.get("/v1/jobs/report?embed=history") as? [String: Any]
            let history = info?["history"] as? [String: Any]
            #expect(history?["successCount"] as? Int == 1)
            let finished = history?["successfulFinishedRuns"] as? [[String: Any]] ?? []
            #expect(finished.map { $0["id"] as? String } == [run])
        }
    }

    @Test func anEveryMinuteCronFiresAtSecondZeroOfTheNextMinute() async throws {
        try await withJobs("metronome-cron") { _, jobs in
            let spec = #"{"id":"minutely","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0},"schedules":[{"id":"each","cron":"* * * * *","concurrencyPolicy":"ALLOW"}]}"#
            let posted = Date()
            #expect(try await jobs.call("POST", "/v0/scheduled-jobs", spec).status == 201)
            let schedule = try #require(try await jobs.get("/v1/jobs/minutely/schedules/each") as? [String: Any])
            let fetched = Date()
            let next = try #require((schedule["nextRunAt"] as? String).flatMap(Self.parse))
            #expect(Calendar.utc.component(.second, from: next) == 0)
            // The server computed it at some moment between the POST and the answer (on a slow
            // machine the first run may even have fired already, moving it a minute on).
            #expect(next > posted && next <= fetched.addingTimeInterval(60))
            try await eventually("the first cron run to succeed", within: 90, every: .milliseconds(200)) {
                let info = try await jobs.get("/v1/jobs/minutely?embed=historySummary") as? [String: Any]
                return ((info?["historySummary"] as? [String: Any])?["successCount"] as? Int ?? 0) >= 1
            }
            let run = try #require(try await jobs.runHistory("minutely").first)
            let due = try #require((run["dueTime"] as? String).flatMap(Self.parse))
            #expect(Calendar.utc.component(.second, from: due) == 0, "due at second 0 of a minute")
            #expect(due > posted && due <= next, "the first minute after the job was created")
        }
    }

    @Test func aBerlinScheduleReportsNextRunAtInUTC() async throws {
        try await withJobs("metronome-berlin") { _, jobs in
            let spec = #"{"id":"berlin","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0}}"#
            #expect(try await jobs.call("POST", "/v1/jobs", spec).status == 201)
            let schedule = #"{"id":"morning","cron":"30 7 * * *","timezone":"Europe/Berlin"}"#
            let created = try await jobs.call("POST", "/v1/jobs/berlin/schedules", schedule)
            #expect(created.status == 201)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            // The next 07:30 on Berlin's wall clock, worked out independently with Foundation.
            var berlin = Calendar(identifier: .gregorian)
            berlin.timeZone = try #require(TimeZone(identifier: "Europe/Berlin"))
            let expected = try #require(berlin.nextDate(after: Date(), matching: DateComponents(hour: 7, minute: 30), matchingPolicy: .nextTime))
            #expect(body["nextRunAt"] as? String == ISO8601DateFormatter.withMilliseconds.string(from: expected))
        }
    }

    static func parse(_ text: String) -> Date? { ISO8601DateFormatter.withMilliseconds.date(from: text) }
}

extension ISO8601DateFormatter {
    /// `2026-11-26T03:00:00.000Z`.
    nonisolated(unsafe) static let withMilliseconds: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}

extension Calendar {
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}
