import AgoraPosix
import AgoraSecurity
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Authentication and protected mode on real binaries: the unmodified pymesos authenticates
/// with its principal and runs a task while anonymous frameworks get a Basic challenge; a
/// credentials file others can read is refused; without credentials only this host is served.
@Suite(.serialized) struct SecurityIntegrationTests {
    static let subscribe = Array(#"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"anonymous"}}}"#.utf8)

    /// A Mesos credentials file only its owner may read.
    static func credentialsFile(in directory: String, mode: mode_t = 0o600) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/credentials.json"
        try #"{"credentials":[{"principal":"ops","secret":"s3cret"}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func pymesosAuthenticatesAndAnonymousFrameworksGetAChallenge() async throws {
        let file = try Self.credentialsFile(in: Paths.scratch("security-credentials"))
        // With credentials, mutations need an ACL (the default is read-only): ops may register and run tasks.
        let acls = #"{"permissive":false,"register_agents":[{"principals":{"type":"ANY"},"agents":{"type":"ANY"}}],"register_frameworks":[{"principals":{"values":["ops"]},"roles":{"type":"ANY"}}],"run_tasks":[{"principals":{"values":["ops"]},"users":{"type":"ANY"}}]}"#
        let flags = ["--credentials", file, "--acls", acls, "--authenticate-http-frameworks", "--no-authenticate-http-readonly"]
        try await withCluster("security", masterFlags: flags) { cluster in
            let master = "http://\(cluster.masterAddress)"
            let anonymous = try await http("POST", "\(master)/api/v1/scheduler", headers: ["Content-Type": "application/json"], body: Self.subscribe)
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"] == #"Basic realm="mesos""#)
            let operatorCall = try await http(
                "POST", "\(master)/api/v1", headers: ["Content-Type": "application/json"], body: Array(#"{"type":"GET_HEALTH"}"#.utf8))
            #expect(operatorCall.status == 401, "operator calls are POSTs: credentials required")
            #expect(try await http("GET", "\(master)/health").status == 200)
            #expect((try await cluster.masterJSON("/master/state")["frameworks"] as? [Any])?.isEmpty == true, "a refused SUBSCRIBE registered")

            let output = cluster.directory + "/pymesos.out"
            let pid = try Spawner.spawn(SpawnRequest(
                executable: PymesosInteropTests.python,
                arguments: [PymesosInteropTests.python, PymesosInteropTests.script, cluster.masterAddress, "30", "ops", "s3cret"],
                environment: ProcessInfo.processInfo.environment, stdoutPath: output, stderrPath: cluster.directory + "/pymesos.err"))
            let status = await ProcessReaper.shared.waitForExit(of: pid)
            let text = try String(contentsOfFile: output, encoding: .utf8)
            #expect(status == 0, "pymesos exited with \(status >> 8): \(text)")
            #expect(text.contains("TASK_FINISHED"))
        }
    }

    /// Marathon's and Chronos's inline `--http_credentials user:password` works (with a
    /// warning: the secret is in the process list), and a framework authenticator other than
    /// Mesos's `basic` stops the master.
    @Test func marathonsInlineCredentialsAndMesossAuthenticatorFlag() async throws {
        try await withCluster("security-inline", agents: 0) { cluster in
            let (apps, address) = try await startApps(cluster, flags: ["--http_credentials", "ops:s3:cret"])
            #expect(try await http("GET", "http://\(address)/v2/apps").status == 401)
            let basic = "Basic " + Data("ops:s3:cret".utf8).base64EncodedString()
            #expect(try await http("GET", "http://\(address)/v2/apps", headers: ["Authorization": basic]).status == 200)
            #expect(apps.stderr.contains("puts the secret in the process list"))
            await apps.stop()
        }
        let directory = Paths.scratch("security-authenticators")
        let master = try ServerProcess(
            ["master", "--port", "0", "--registry", "in_memory", "--http_framework_authenticators", "crammd5"], name: "master", logDirectory: directory)
        #expect(await master.waitForExit() != 0)
        #expect(master.stderr.contains("only 'basic' is supported"), "\(master.stderr)")
        Paths.discardScratch(directory)
    }

    @Test func aCredentialsFileOthersCanReadIsRefused() async throws {
        let directory = Paths.scratch("security-mode")
        let file = try Self.credentialsFile(in: directory, mode: 0o644)
        let master = try ServerProcess(["master", "--port", "0", "--registry", "in_memory", "--credentials", file], name: "master", logDirectory: directory)
        let status = await master.waitForExit()
        let errors = try String(contentsOfFile: directory + "/master.err", encoding: .utf8)
        #expect(status != 0)
        #expect(errors.contains("chmod 600"), "\(errors)")
        Paths.discardScratch(directory)
    }

    /// A client on another host (a network namespace with its own address, over a veth
    /// link) is refused by a master without credentials, and served with
    /// `--insecure-allow-remote`; this host is always served, and `/health` is open.
    @Test func withoutCredentialsOnlyThisHostIsServed() async throws {
        let remote = try await NetworkNamespace.create()
        do {
            for insecure in [false, true] {
                let directory = Paths.scratch("security-protected")
                let master = try ServerProcess(
                    ["master", "--host", "0.0.0.0", "--port", "0", "--registry", "in_memory"] + (insecure ? ["--insecure-allow-remote"] : []),
                    name: "master", logDirectory: directory)
                let port = try #require(try await master.address(of: "master").split(separator: ":").last.map(String.init))
                #expect(try await http("GET", "http://127.0.0.1:\(port)/master/state").status == 200)
                let fromAfar = try await remote.get("http://\(remote.hostAddress):\(port)/master/state", in: directory)
                if insecure {
                    #expect(fromAfar.status == 200)
                } else {
                    #expect(fromAfar.status == 403)
                    #expect(fromAfar.body.contains("--insecure-allow-remote"))
                    #expect(try await remote.get("http://\(remote.hostAddress):\(port)/health", in: directory).status == 200, "health stays open")
                }
                await master.stop()
                Paths.discardScratch(directory)
            }
        } catch {
            try await remote.remove()
            throw error
        }
        try await remote.remove()
    }
}

/// `--authenticate-http-executors`: the agent signs each executor a token; the command
/// executor presents it and its task runs, while a call without one, with a forged one, or
/// with another executor's is refused.
@Suite struct ExecutorAuthenticationTests {
    static let key = "agent-jwt-key-0123456789"
    static func subscribe(framework: String, executor: String) -> [UInt8] {
        Array(#"{"type":"SUBSCRIBE","framework_id":{"value":"\#(framework)"},"executor_id":{"value":"\#(executor)"},"subscribe":{}}"#.utf8)
    }

    @Test func executorsPresentTheirTokenAndOthersAreRefused() async throws {
        let secrets = Paths.scratch("executor-jwt")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        let keyFile = secrets + "/jwt.key"
        try (Self.key + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o600)
        try await withCluster("executor-jwt", agentFlags: ["--authenticate-http-executors", "--jwt-secret-key", keyFile]) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            _ = try await framework.launch([(id: "with-token", command: "echo hi")])
            try await framework.waitFor(.taskFinished, of: "with-token")
            await framework.stop()

            let agent = try await cluster.agents[0].address(of: "agent")
            let url = "http://\(agent)/api/v1/executor"
            let json = ["Content-Type": "application/json", "Accept": "application/json"]
            let call = Self.subscribe(framework: "fw-1", executor: "ex-1")
            #expect(try await http("POST", url, headers: json, body: call).status == 401, "no token")
            let forged = ExecutorToken(frameworkID: "fw-1", executorID: "ex-1", containerID: "c").signed(with: Array("guessed".utf8))
            #expect(try await http("POST", url, headers: json.merging(["Authorization": "Bearer \(forged)"]) { $1 }, body: call).status == 401)
            let other = ExecutorToken(frameworkID: "fw-1", executorID: "ex-2", containerID: "c").signed(with: Array(Self.key.utf8))
            #expect(try await http("POST", url, headers: json.merging(["Authorization": "Bearer \(other)"]) { $1 }, body: call).status == 403)
        }
        Paths.discardScratch(secrets)
    }
}
