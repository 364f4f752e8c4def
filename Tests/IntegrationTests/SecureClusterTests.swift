import AgoraPosix
import AgoraSecurity
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A whole cluster with every server authenticating and authorizing: the agent and the apps
/// and jobs frameworks authenticate to the master with principals of their own, an agent
/// without credentials cannot register, an app runs end to end, and every endpoint class of
/// the four servers answers (no credentials, wrong credentials, an allowed principal, a
/// principal the ACLs deny) with 401, 401, 2xx and 403 (or a filtered 200 for reads),
/// changing nothing when it refuses.
@Suite(.serialized) struct SecureClusterTests {
    static let principals = ["ops": "0ps-secret", "agent": "ag3nt", "apps": "app5", "jobs": "j0bs", "guest": "gu3st"]
    static let acls = #"""
        {"permissive": false,
         "register_agents": [{"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}}],
         "register_frameworks": [{"principals": {"values": ["apps", "jobs"]}, "roles": {"type": "ANY"}}],
         "run_tasks": [{"principals": {"values": ["apps", "jobs"]}, "users": {"type": "ANY"}}],
         "teardown_frameworks": [{"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}}],
         "update_weights": [{"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}}],
         "view_frameworks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "view_tasks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "view_executors": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "view_flags": [{"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}}],
         "get_endpoints": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "access_sandboxes": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
         "create_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "update_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "delete_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "view_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}]}
        """#

    /// The four ways a request can come.
    enum Caller: CaseIterable {
        case anonymous, wrong, allowed, denied
        var headers: [String: String] {
            switch self {
            case .anonymous: [:]
            case .wrong: SecureClusterTests.basic("ops", "not-the-secret")
            case .allowed: SecureClusterTests.basic("ops", SecureClusterTests.principals["ops"]!)
            case .denied: SecureClusterTests.basic("guest", SecureClusterTests.principals["guest"]!)
            }
        }
    }

    /// One endpoint class: a request and the status each caller gets.
    struct Row {
        var name: String
        var method: String
        var url: String
        var body: String?
        var expected: [Caller: Int]
    }

    static func basic(_ principal: String, _ secret: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(principal):\(secret)".utf8).base64EncodedString()]
    }

    static func write(_ text: String, to path: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    static func send(_ row: Row, as caller: Caller) async throws -> HTTPExchange {
        var headers = caller.headers
        if row.body != nil { headers["Content-Type"] = "application/json" }
        return try await http(row.method, row.url, headers: headers, body: Array((row.body ?? "").utf8))
    }

    /// Sends every row as every caller and checks each status.
    static func check(_ rows: [Row]) async throws {
        for row in rows {
            for caller in Caller.allCases {
                guard let expected = row.expected[caller] else { continue }
                let answer = try await Self.send(row, as: caller)
                #expect(answer.status == expected, "\(row.name) as \(caller): \(answer.status) \(answer.body.prefix(200))")
                if answer.status == 401 { #expect(answer.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true, "\(row.name)") }
            }
        }
    }

    static func json(_ exchange: HTTPExchange) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(exchange.body.utf8)) as? [String: Any] ?? [:]
    }

    @Test func everyServerAuthenticatesAndAuthorizes() async throws {
        let directory = Paths.scratch("secure-cluster-files")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let entries = Self.principals.sorted { $0.key < $1.key }.map { principal, secret in
            // ops's secret is stored as a bcrypt hash.
            #"{"principal":"\#(principal)","secret":"\#(principal == "ops" ? Credentials.bcryptHash(secret, cost: 4) : secret)"}"#
        }
        let credentials = try Self.write(#"{"credentials":[\#(entries.joined(separator: ","))]}"#, to: directory + "/credentials.json")
        let acls = try Self.write(Self.acls, to: directory + "/acls.json")
        let agentCredential = try Self.write(#"{"principal":"agent","secret":"ag3nt"}"#, to: directory + "/agent-credential.json")
        let appsSecret = try Self.write("app5\n", to: directory + "/apps-secret")
        let jobsSecret = try Self.write("j0bs", to: directory + "/jobs-secret")
        let access = ["--credentials", credentials, "--acls", acls]
        let masterFlags = access + ["--authenticate-http-frameworks", "--authenticate-agents"]
        try await withCluster("secure-cluster", masterFlags: masterFlags, agents: 0) { cluster in
            let master = "http://\(cluster.masterAddress)"
            let ops = Caller.allowed.headers
            let agent = try await cluster.addAgent(flags: access + ["--credential", agentCredential])
            let agentURL = "http://\(try await agent.address(of: "agent"))"
            try await eventually("the authenticated agent to register", within: 30) {
                (try Self.json(await http("GET", master + "/master/state", headers: ops))["slaves"] as? [Any])?.count == 1
            }
            // An agent without credentials is refused and never registers.
            // (The cluster stops it with the others.)
            try await cluster.addAgent(flags: [])
            try await eventually("the agent without credentials to be refused", within: 30) {
                // Polled: the log may not exist yet, which reads as not refused so far.
                let log = (try? String(contentsOfFile: cluster.directory + "/agent-1.err", encoding: .utf8)) ?? ""
                return log.contains("401")
            }
            #expect((try Self.json(await http("GET", master + "/master/state", headers: ops))["slaves"] as? [Any])?.count == 1)

            let (apps, appsAddress) = try await startApps(
                cluster, flags: access + ["--mesos-authentication-principal", "apps", "--mesos-authentication-secret-file", appsSecret])
            let jobs = try await JobsProcess(
                master: cluster.masterAddress, directory: cluster.directory,
                extra: ["--failure-retry", "1s", "--mesos-authentication-principal", "jobs", "--mesos-authentication-secret-file", jobsSecret] + access)
            do {
                let appsURL = "http://\(appsAddress)"
                // An app runs end to end: the apps framework registered and may run tasks.
                let create = try await http("POST", appsURL + "/v2/apps", headers: ops.merging(["Content-Type": "application/json"]) { $1 },
                    body: Array(#"{"id":"/web","cmd":"sleep 600","cpus":0.1,"mem":16}"#.utf8))
                #expect(create.status == 201, "\(create.body)")
                try await eventually("the app's task to run", within: 60) {
                    let app = try Self.json(await http("GET", appsURL + "/v2/apps/web", headers: ops))["app"] as? [String: Any]
                    return (app?["tasksRunning"] as? Int) == 1
                }
                let frameworks = { () async throws -> [[String: Any]] in
                    try Self.json(await http("GET", master + "/master/state", headers: ops))["frameworks"] as? [[String: Any]] ?? []
                }
                try await eventually("both frameworks to register", within: 30) { try await frameworks().count == 2 }
                #expect(Set(try await frameworks().compactMap { $0["principal"] as? String }) == ["apps", "jobs"])
                let jobsFramework = try #require(try await frameworks().first { ($0["principal"] as? String) == "jobs" }?["id"] as? String)

                try await Self.check(Self.masterRows(master, framework: jobsFramework) + Self.agentRows(agentURL))
                try await Self.check(Self.frameworkRows(apps: appsURL, jobs: jobs.url))

                // What the denied callers asked for did not happen.
                let weights = try await http("POST", master + "/api/v1", headers: ops.merging(["Content-Type": "application/json", "Accept": "application/json"]) { $1 },
                    body: Array(#"{"type":"GET_WEIGHTS"}"#.utf8))
                #expect(!weights.body.contains("matrix-role"), "a refused UPDATE_WEIGHTS changed the weights: \(weights.body)")
                #expect(try await frameworks().count == 2, "a refused TEARDOWN removed a framework")
                let listed = try Self.json(await http("GET", appsURL + "/v2/apps", headers: ops))["apps"] as? [[String: Any]] ?? []
                #expect(listed.compactMap { $0["id"] as? String } == ["/web"], "a refused create or delete changed the apps")
                let jobsListed = (try JSONSerialization.jsonObject(with: Data(try await http("GET", jobs.url + "/v1/jobs", headers: ops).body.utf8)) as? [Any]) ?? []
                #expect(jobsListed.isEmpty, "a refused job create made a job")
                // The allowed principal's mutations are carried out.
                let update = try await http("POST", master + "/api/v1", headers: ops.merging(["Content-Type": "application/json"]) { $1 },
                    body: Array(#"{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"matrix-role","weight":2.0}]}}"#.utf8))
                #expect(update.status == 200, "\(update.body)")
                let job = try await http("POST", jobs.url + "/v1/jobs", headers: ops.merging(["Content-Type": "application/json"]) { $1 },
                    body: Array(#"{"id":"matrix","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0}}"#.utf8))
                #expect(job.status == 201, "\(job.body)")
                // The guest sees the cluster's agents but not its frameworks or apps.
                let seenByGuest = try Self.json(await http("GET", master + "/master/state", headers: Caller.denied.headers))
                #expect((seenByGuest["frameworks"] as? [Any])?.isEmpty == true && (seenByGuest["slaves"] as? [Any])?.count == 1)
                let appsForGuest = try Self.json(await http("GET", appsURL + "/v2/apps", headers: Caller.denied.headers))["apps"] as? [Any]
                #expect(appsForGuest?.isEmpty == true)

                await jobs.stop()
                await apps.stop()
            } catch {
                await jobs.stop()
                await apps.stop()
                throw error
            }
        }
        Paths.discardScratch(directory)
    }


    static func masterRows(_ master: String, framework: String) -> [Row] {
        let api = master + "/api/v1"
        return [
            Row(name: "master state", method: "GET", url: master + "/master/state", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
            Row(name: "master metrics", method: "GET", url: master + "/metrics/snapshot", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 403]),
            Row(name: "operator read", method: "POST", url: api, body: #"{"type":"GET_STATE"}"#, expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
            Row(name: "operator flags", method: "POST", url: api, body: #"{"type":"GET_FLAGS"}"#, expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 403]),
            Row(
                name: "operator weights", method: "POST", url: api,
                body: #"{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"matrix-role","weight":2.0}]}}"#,
                expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
            Row(
                name: "operator teardown", method: "POST", url: api,
                body: #"{"type":"TEARDOWN","teardown":{"framework_id":{"value":"\#(framework)"}}}"#,
                expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
            Row(
                name: "scheduler subscribe", method: "POST", url: master + "/api/v1/scheduler",
                body: #"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"matrix"}}}"#,
                expected: [.anonymous: 401, .wrong: 401]),
            Row(name: "health", method: "GET", url: master + "/health", expected: [.anonymous: 200, .wrong: 200, .allowed: 200, .denied: 200]),
        ]
    }

    static func agentRows(_ agent: String) -> [Row] {
        [
            Row(name: "agent state", method: "GET", url: agent + "/state", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
            Row(name: "agent files debug", method: "GET", url: agent + "/files/debug", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 403]),
            Row(name: "agent operator read", method: "POST", url: agent + "/api/v1", body: #"{"type":"GET_HEALTH"}"#, expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
        ]
    }

    static func frameworkRows(apps: String, jobs: String) -> [Row] {
        [
            Row(name: "apps list", method: "GET", url: apps + "/v2/apps", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
            Row(name: "apps create", method: "POST", url: apps + "/v2/apps", body: #"{"id":"/matrix","cmd":"sleep 1","cpus":0.1,"mem":16}"#,
                expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
            Row(name: "apps delete", method: "DELETE", url: apps + "/v2/apps/web", expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
            Row(name: "apps ping", method: "GET", url: apps + "/ping", expected: [.anonymous: 200, .wrong: 200, .allowed: 200, .denied: 200]),
            Row(name: "jobs list", method: "GET", url: jobs + "/v1/jobs", expected: [.anonymous: 401, .wrong: 401, .allowed: 200, .denied: 200]),
            Row(name: "jobs create", method: "POST", url: jobs + "/v1/jobs", body: #"{"id":"matrix","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0}}"#,
                expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
            Row(name: "chronos create", method: "POST", url: jobs + "/v1/scheduler/iso8601",
                body: #"{"name":"matrix","command":"true","schedule":"R/2030-01-01T00:00:00Z/P1D","owner":""}"#,
                expected: [.anonymous: 401, .wrong: 401, .denied: 403]),
        ]
    }
}
