import AgoraPosix
import AgoraSecurity
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Mesos's ACLs on a real master, driven by the unmodified pymesos: a principal the ACLs let
/// run tasks as root runs one; one that may register but not run as root gets TASK_ERROR;
/// one that may not register gets an ERROR event. State views are filtered per principal,
/// and an operator TEARDOWN is refused (403, nothing torn down) to a principal without
/// `teardown_frameworks`. ops's secret is a bcrypt hash in the credentials file.
@Suite(.serialized) struct ACLIntegrationTests {
    static let acls = #"""
        {"permissive": false,
         "register_agents": [{"principals": {"type": "ANY"}, "agents": {"type": "ANY"}}],
         "register_frameworks": [{"principals": {"values": ["ops", "dev"]}, "roles": {"type": "ANY"}}],
         "run_tasks": [{"principals": {"values": ["ops"]}, "users": {"values": ["root"]}}],
         "teardown_frameworks": [{"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}}],
         "view_frameworks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "view_tasks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "view_executors": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}]}
        """#

    static func files(in directory: String) throws -> (credentials: String, acls: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let credentials = directory + "/credentials.json"
        // ops's secret is stored as a bcrypt hash; pymesos sends the plain secret.
        let opsHash = Credentials.bcryptHash("s3cret", cost: 4)
        try #"{"credentials":[{"principal":"ops","secret":"\#(opsHash)"},{"principal":"dev","secret":"d3v"},{"principal":"guest","secret":"gu3st"}]}"#
            .write(toFile: credentials, atomically: true, encoding: .utf8)
        chmod(credentials, 0o600)
        let acls = directory + "/acls.json"
        try Self.acls.write(toFile: acls, atomically: true, encoding: .utf8)
        return (credentials, acls)
    }

    static func basic(_ principal: String, _ secret: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(principal):\(secret)".utf8).base64EncodedString()]
    }

    /// Runs the pymesos fixture as `principal`; its exit status and what it printed.
    static func pymesos(_ cluster: LocalCluster, _ principal: String, _ secret: String) async throws -> (Int32, String) {
        let output = cluster.directory + "/pymesos-\(principal).out"
        let pid = try Spawner.spawn(SpawnRequest(
            executable: PymesosInteropTests.python,
            arguments: [PymesosInteropTests.python, PymesosInteropTests.script, cluster.masterAddress, "30", principal, secret],
            environment: ProcessInfo.processInfo.environment, stdoutPath: output, stderrPath: output + ".err"))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        return (status >> 8, try String(contentsOfFile: output, encoding: .utf8))
    }

    static func frameworks(_ cluster: LocalCluster, as headers: [String: String]) async throws -> [[String: Any]] {
        let state = try await http("GET", "http://\(cluster.masterAddress)/master/state", headers: headers)
        #expect(state.status == 200, "\(state.body)")
        let object = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
        return (object?["frameworks"] as? [[String: Any]] ?? []) + (object?["completed_frameworks"] as? [[String: Any]] ?? [])
    }

    @Test func theACLsDecideWhoRegistersRunsSeesAndTearsDown() async throws {
        let (credentials, acls) = try Self.files(in: Paths.scratch("acl-files"))
        let flags = ["--credentials", credentials, "--acls", acls, "--authenticate-http-frameworks", "--no-authenticate-http-readonly"]
        try await withCluster("acls", masterFlags: flags) { cluster in
            let (opsStatus, opsOutput) = try await Self.pymesos(cluster, "ops", "s3cret")
            #expect(opsStatus == 0, "ops may register and run as root: \(opsOutput)")
            #expect(opsOutput.contains("TASK_FINISHED"))

            let (devStatus, devOutput) = try await Self.pymesos(cluster, "dev", "d3v")
            #expect(devStatus == 1, "dev may register but not run as root: \(devOutput)")
            #expect(devOutput.contains("TASK_ERROR") && devOutput.contains("Not authorized to launch as user 'root'"), "\(devOutput)")

            let (guestStatus, guestOutput) = try await Self.pymesos(cluster, "guest", "gu3st")
            #expect(guestStatus == 1, "guest may not register: \(guestOutput)")
            #expect(guestOutput.contains("Not authorized to subscribe with role '*'"), "\(guestOutput)")
            #expect(!guestOutput.contains("registered"))

            // ops sees both frameworks that registered; guest and anonymous readers see none.
            let seenByOps = try await Self.frameworks(cluster, as: Self.basic("ops", "s3cret"))
            #expect(seenByOps.count == 2, "\(seenByOps.map { $0["id"] ?? "" })")
            #expect(try await Self.frameworks(cluster, as: Self.basic("guest", "gu3st")).isEmpty)
            #expect(try await Self.frameworks(cluster, as: [:]).isEmpty)

            // A framework ops holds registered (its stream ends, its failover timeout keeps it).
            let json = ["Content-Type": "application/json", "Accept": "application/json"]
            let subscribe = Array(#"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"held","principal":"ops","failover_timeout":3600}}}"#.utf8)
            let subscribed = try await httpStreamPrefix(
                "http://\(cluster.masterAddress)/api/v1/scheduler", headers: json.merging(Self.basic("ops", "s3cret")) { $1 }, body: subscribe, bytes: 120)
            #expect(subscribed.status == 200, "\(subscribed.body)")
            let live = { () async throws -> [String] in
                let state = try await http("GET", "http://\(cluster.masterAddress)/master/state", headers: Self.basic("ops", "s3cret"))
                let object = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
                return (object?["frameworks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            let held = try #require(try await live().first)

            // The operator event stream's first state is filtered the same way.
            let operatorSubscribe = Array(#"{"type":"SUBSCRIBE"}"#.utf8)
            for (who, sees) in [(Self.basic("ops", "s3cret"), true), (Self.basic("guest", "gu3st"), false)] {
                let first = try await httpStreamPrefix(
                    "http://\(cluster.masterAddress)/api/v1", headers: json.merging(who) { $1 }, body: operatorSubscribe, bytes: 1)
                #expect(first.status == 200 && first.body.contains("SUBSCRIBED"), "\(first.body.prefix(200))")
                #expect(first.body.contains(held) == sees, "\(who) sees the held framework: \(!sees)")
            }

            // A TEARDOWN by dev is refused and changes nothing; by ops it is done.
            let teardown = Array(#"{"type":"TEARDOWN","teardown":{"framework_id":{"value":"\#(held)"}}}"#.utf8)
            let byDev = try await http("POST", "http://\(cluster.masterAddress)/api/v1", headers: json.merging(Self.basic("dev", "d3v")) { $1 }, body: teardown)
            #expect(byDev.status == 403, "\(byDev.body)")
            #expect(try await live() == [held], "a refused TEARDOWN tore the framework down")
            let byOps = try await http("POST", "http://\(cluster.masterAddress)/api/v1", headers: json.merging(Self.basic("ops", "s3cret")) { $1 }, body: teardown)
            #expect(byOps.status == 200, "\(byOps.status) \(byOps.body)")
            #expect(try await live().isEmpty)
        }
    }
}
