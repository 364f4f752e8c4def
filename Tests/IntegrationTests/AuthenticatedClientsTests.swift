import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// The unmodified PyPI clients against servers with credentials on (`--credentials`, a Mesos
/// credentials file): marathon-python with Basic credentials and with a token,
/// chronos-python through the Basic challenge, dcos-metronome with a token.
@Suite struct AuthenticatedClientsTests {
    /// With credentials the default ACLs are read-only: ops may change apps and jobs.
    static let acls = #"{"permissive":false,"create_run_specs":[{"principals":{"values":["ops"]},"paths":{"type":"ANY"}}],"update_run_specs":[{"principals":{"values":["ops"]},"paths":{"type":"ANY"}}],"delete_run_specs":[{"principals":{"values":["ops"]},"paths":{"type":"ANY"}}],"view_run_specs":[{"principals":{"type":"ANY"},"paths":{"type":"ANY"}}]}"#

    @Test func marathonPythonWithBasicCredentialsAndWithAToken() async throws {
        try await withCluster("auth-marathon", agents: 2) { cluster in
            let file = try SecurityIntegrationTests.credentialsFile(in: cluster.directory + "/secrets")
            let (apps, address) = try await startApps(cluster, flags: ["--credentials", file, "--acls", Self.acls])
            do {
                let anonymous = try await http("GET", "http://\(address)/v2/apps")
                #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"] == #"Basic realm="marathon""#)
                for (auth, app) in [("basic:ops:s3cret", "/auth/basic"), ("token:s3cret", "/auth/token")] {
                    let script = PythonFixture("marathon_client.py", ["http://\(address)", app, auth], in: cluster.directory)
                    let status = try await script.run()
                    #expect(status == 0, "marathon-python (\(auth.prefix(5))) failed: \(script.lines.suffix(3)) \(script.errors.suffix(1500))")
                    #expect(script.lines.last?["ok"] as? Bool == true)
                }
                await apps.stop()
            } catch {
                await apps.stop()
                throw error
            }
        }
    }

    @Test func chronosPythonThroughTheChallengeAndMetronomeWithAToken() async throws {
        try await withCluster("auth-jobs") { cluster in
            let file = try SecurityIntegrationTests.credentialsFile(in: cluster.directory + "/secrets")
            let jobs = try await JobsProcess(master: cluster.masterAddress, directory: cluster.directory, extra: ["--failure-retry", "1s", "--credentials", file, "--acls", Self.acls])
            do {
                #expect(try await jobs.call("GET", "/v1/scheduler/jobs").status == 401)
                let chronos = PythonFixture("chronos_scenario.py", [jobs.address, "v1", "ops:s3cret"], in: cluster.directory)
                #expect(try await chronos.run() == 0, "chronos-python failed: \(chronos.errors.suffix(3000))")
                #expect(chronos.lines.last?["step"] as? String == "done")
                let metronome = PythonFixture("metronome_scenario.py", [jobs.url, "s3cret"], in: cluster.directory)
                #expect(try await metronome.run() == 0, "dcos-metronome failed: \(metronome.errors.suffix(3000))")
                #expect(metronome.lines.last?["step"] as? String == "done")
                await jobs.stop()
            } catch {
                await jobs.stop()
                throw error
            }
        }
    }
}
