import AgoraPosix
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Schedule precision of the jobs framework on `agora dev`: `--jobs` Chronos jobs on ISO 8601
/// periods of 1 to 10 s (`true` as the command) for `--seconds`. Lateness is the time from a
/// run's due instant to TASK_RUNNING as the framework recorded it (`runHistory` of
/// `job/stat`). A due instant without a run is missed; one with two runs is a duplicate.
struct JobsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Measure how late scheduled jobs start.")

    @Option(help: "Number of jobs.") var jobs = 200
    @Option(help: "Seconds of schedule to measure.") var seconds = 60
    @Flag(help: "All jobs first due at the same instant, then on whole seconds (bursts); by default first instants spread over each job's period, as jobs created at different moments are.")
    var aligned = false

    func validate() throws {
        guard self.jobs > 0, self.seconds > 0 else { throw ValidationError("--jobs and --seconds must be positive") }
    }

    func run() async throws {
        let dev = try await DevProcess.start()
        print("agora dev: jobs at \(dev.jobsURL), logs in \(dev.directory)")
        do {
            let plan = JobsPlan(jobs: self.jobs, seconds: self.seconds, aligned: self.aligned, now: Date())
            for job in plan.jobs { try await dev.post("/v1/scheduler/iso8601", job.json) }
            print("created \(self.jobs) jobs; first due \(plan.start), measuring \(self.seconds) s")
            try await Task.sleep(until: .now + .seconds(plan.start.timeIntervalSinceNow + Double(self.seconds) + 5), clock: .continuous)
            var result = JobsResult()
            for job in plan.jobs { result.add(expected: job.dues(until: plan.end), observed: try await dev.runs(of: job.name)) }
            await dev.stop()
            print(result.json(jobs: self.jobs, seconds: self.seconds, aligned: self.aligned))
        } catch {
            await dev.stop()
            throw error
        }
    }
}

/// The benchmark's jobs: periods 1…10 s, first instants a few seconds ahead.
struct JobsPlan {
    struct Job {
        let name: String
        let start: Date
        let period: Int
        var json: String {
            #"{"name":"\#(self.name)","command":"true","schedule":"R/\#(JobsPlan.format(self.start))/PT\#(self.period)S","cpus":0.01,"mem":16,"owner":""}"#
        }
        /// Due instants before `end`, in epoch milliseconds.
        func dues(until end: Date) -> [Int64] {
            stride(from: self.start.timeIntervalSince1970, to: end.timeIntervalSince1970, by: Double(self.period)).map { Int64(($0 * 1000).rounded()) }
        }
    }

    let jobs: [Job]
    let start: Date
    let end: Date

    init(jobs count: Int, seconds: Int, aligned: Bool, now: Date) {
        let base = (now.timeIntervalSince1970 + 5).rounded(.up)
        self.start = Date(timeIntervalSince1970: base)
        self.end = self.start.addingTimeInterval(Double(seconds))
        self.jobs = (0..<count).map { index in
            let period = 1 + index % 10
            // Spread: each job's first instant somewhere in its first period (millisecond phases),
            // as when jobs are created at different moments; no burst of every job's first run at once.
            let phase = aligned ? 0 : (Double(index) / Double(count) * Double(period) * 1000).rounded() / 1000
            let name = "bench-" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
            return Job(name: name, start: Date(timeIntervalSince1970: base + phase), period: period)
        }
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// What the runs showed.
struct JobsResult {
    var lateness: [Double] = []
    var missed = 0
    var duplicates = 0
    var failed = 0

    mutating func add(expected: [Int64], observed: [(due: Int64, running: Int64?, success: Bool)]) {
        var runsByDue: [Int64: Int] = [:]
        for run in observed { runsByDue[run.due, default: 0] += 1 }
        self.duplicates += runsByDue.values.filter { $0 > 1 }.map { $0 - 1 }.reduce(0, +)
        for due in expected {
            guard let run = observed.first(where: { $0.due == due }), let running = run.running else {
                self.missed += 1
                continue
            }
            if !run.success { self.failed += 1 }
            self.lateness.append(Double(running - due))
        }
    }

    func json(jobs: Int, seconds: Int, aligned: Bool) -> String {
        let sorted = Percentiles(self.lateness)
        return #"{"jobs":\#(jobs),"seconds":\#(seconds),"aligned":\#(aligned),"runs":\#(self.lateness.count),"missed":\#(self.missed),"#
            + #""duplicates":\#(self.duplicates),"failed":\#(self.failed),"p50_lateness_ms":\#(format3(sorted.value(0.5))),"#
            + #""p99_lateness_ms":\#(format3(sorted.value(0.99))),"max_lateness_ms":\#(format3(sorted.value(1)))}"#
    }
}
