import AgoraTestKit
import Foundation
import Testing

/// The unmodified PyPI clients against `agora jobs`: chronos-python 1.2.1 on both path
/// prefixes, and dcos-metronome 0.3.0 (protobuf's JSON parser refuses any unknown field).
@Suite struct JobsClientInteropTests {
    @Test(arguments: ["v1", "legacy"]) func chronosPythonScenario(mode: String) async throws {
        try await withJobs("chronos-python-\(mode)") { cluster, jobs in
            let script = PythonFixture("chronos_scenario.py", [jobs.address, mode], in: cluster.directory)
            let status = try await script.run()
            #expect(status == 0, "chronos-python failed: \(script.errors.suffix(3000))")
            let steps = script.lines
            #expect(steps.last?["step"] as? String == "done", "\(steps)")
            #expect(steps.first { $0["step"] as? String == "graph" }?["hasLink"] as? Bool == true)
            let deleted = steps.first { $0["step"] as? String == "deleted" }
            #expect((deleted?["jobs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func dcosMetronomeScenario() async throws {
        try await withJobs("dcos-metronome") { cluster, jobs in
            let script = PythonFixture("metronome_scenario.py", [jobs.url], in: cluster.directory)
            let status = try await script.run()
            #expect(status == 0, "dcos-metronome failed: \(script.errors.suffix(3000))")
            let steps = script.lines
            #expect(steps.last?["step"] as? String == "done", "\(steps)")
            let finished = steps.first { $0["step"] as? String == "run finished" }
            #expect(finished?["status"] as? String == "SUCCESS")
            #expect((finished?["seen"] as? [String])?.contains("ACTIVE") == true)
            let schedule = steps.first { $0["step"] as? String == "schedule" }
            #expect((schedule?["nextRunAt"] as? String)?.hasSuffix("Z") == true)
        }
    }
}
