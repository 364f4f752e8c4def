import AgoraPosix
import AgoraTestKit
import Foundation
import Testing

/// TLS on real binaries, configured with Mesos's `LIBPROCESS_SSL_*` variables and a CA made
/// at test time: HTTPS with and without client certificates, downgrade (TLS and plaintext
/// on one port), an agent and a Swift framework over mutual TLS, and the plaintext-only
/// pymesos running a task through a downgrade-enabled master and a TLS agent.
@Suite(.serialized) struct TLSIntegrationTests {
    static let masterArguments = ["master", "--port", "0", "--registry", "in_memory"]

    static func agentArguments(master: String, in directory: String) -> [String] {
        ["agent", "--master", master, "--port", "0", "--work-dir", directory + "/agent", "--resources", TaskPorts.resources()]
    }

    @Test func httpsWithoutClientCertificates() async throws {
        try await withServers("tls-https") { servers, directory in
            let ca = try await TestCA(in: directory)
            let (master, address) = try await servers.start(Self.masterArguments, role: "master", in: directory, environment: ca.environment())
            #expect(master.stdout.contains("listening on https://"), "the master announces https")
            #expect(try await curlStatus("https://\(address)/master/state", ["--cacert", ca.caFile], in: directory) == 200)
            #expect(try await curlStatus("http://\(address)/master/state", in: directory) == nil, "plaintext is refused")
            #expect(try await curlStatus("https://\(address)/master/state", in: directory) == nil, "the CA is not the system's")
        }
    }

    /// The CA that signs client certificates named as a file, or as a hashed directory.
    @Test(arguments: [false, true]) func clientCertificatesRequired(caDirectory: Bool) async throws {
        try await withServers("tls-mutual") { servers, directory in
            let ca = try await TestCA(in: directory)
            var environment = ca.environment(["LIBPROCESS_SSL_REQUIRE_CLIENT_CERT": "true"])
            if caDirectory {
                environment["LIBPROCESS_SSL_CA_FILE"] = nil
                environment["LIBPROCESS_SSL_CA_DIR"] = ca.caDirectory
            }
            let (_, address) = try await servers.start(Self.masterArguments, role: "master", in: directory, environment: environment)
            let url = "https://\(address)/master/state"
            #expect(try await curlStatus(url, ["--cacert", ca.caFile], in: directory) == nil, "no client certificate: no handshake")
            #expect(try await curlStatus(url, ["--cacert", ca.caFile, "--cert", ca.clientCert, "--key", ca.clientKey], in: directory) == 200)
        }
    }

    @Test func downgradeServesTLSAndPlaintextOnOnePort() async throws {
        try await withServers("tls-downgrade") { servers, directory in
            let ca = try await TestCA(in: directory)
            let environment = ca.environment(["LIBPROCESS_SSL_SUPPORT_DOWNGRADE": "1"])
            let (_, address) = try await servers.start(Self.masterArguments, role: "master", in: directory, environment: environment)
            #expect(try await curlStatus("https://\(address)/master/state", ["--cacert", ca.caFile], in: directory) == 200)
            #expect(try await curlStatus("http://\(address)/master/state", in: directory) == 200)
        }
    }

    @Test func anAgentRegistersAndATaskRunsOverMutualTLS() async throws {
        try await withServers("tls-agent") { servers, directory in
            let ca = try await TestCA(in: directory)
            let environment = ca.environment(["LIBPROCESS_SSL_REQUIRE_CLIENT_CERT": "true", "LIBPROCESS_SSL_VERIFY_SERVER_CERT": "true"])
            let (_, address) = try await servers.start(Self.masterArguments, role: "master", in: directory, environment: environment)
            let (_, agentAddress) = try await servers.start(
                Self.agentArguments(master: address, in: directory), role: "agent", in: directory, environment: environment)
            let client = ["--cacert", ca.caFile, "--cert", ca.clientCert, "--key", ca.clientKey]
            try await eventually("the agent to register over TLS", within: 30) {
                let state = try await curlJSON("https://\(address)/master/state", client, in: directory)
                return (state?["activated_slaves"] as? Int) == 1
            }
            // Plaintext from this host reaches the executor API only (executors speak plaintext).
            #expect(try await curlStatus("https://\(agentAddress)/state", client, in: directory) == 200)
            #expect(try await curlStatus("http://\(agentAddress)/state", in: directory) == 403)
            let executorCall = try await curlStatus("http://\(agentAddress)/api/v1/executor", ["-X", "POST"], in: directory)
            #expect(executorCall != nil && executorCall != 403, "the executor API answered \(executorCall.map(String.init) ?? "nothing")")
            // A Swift SDK framework over mutual TLS runs a task through the TLS agent to its end.
            let shell = try await runCommand(
                [Paths.packageRoot + "/.build/debug/agora-example-shell", "--master", address, "echo over TLS"],
                in: directory, name: "example-shell", environment: environment)
            #expect(shell.status == 0, "\(shell.output)")
            #expect(shell.output.contains("TASK_FINISHED"), "\(shell.output)")
        }
    }

    @Test func aBadSettingStopsTheMasterWithExit2() async throws {
        try await withServers("tls-bad") { _, directory in
            for (environment, message) in [
                (["LIBPROCESS_SSL_ENABLED": "yes"], "LIBPROCESS_SSL_ENABLED=yes: use true, false, 1 or 0"),
                (["LIBPROCESS_SSL_ENABLED": "true"], "LIBPROCESS_SSL_KEY_FILE is not set"),
                (["LIBPROCESS_SSL_ENABLED": "1", "LIBPROCESS_SSL_KEY_FILE": "/nonexistent.key", "LIBPROCESS_SSL_CERT_FILE": "/nonexistent.pem"],
                 "LIBPROCESS_SSL_KEY_FILE=/nonexistent.key: cannot read it"),
            ] {
                let master = try ServerProcess(Self.masterArguments, name: "master", logDirectory: directory, environment: environment)
                let status = await master.waitForExit()
                #expect(status >> 8 == 2, "exit status \(status)")
                #expect(master.stderr.contains(message), "\(master.stderr)")
                try FileManager.default.removeItem(atPath: directory + "/master.err")
            }
        }
    }

    /// pymesos cannot speak TLS: with downgrade on, it registers in plaintext while the agent
    /// speaks TLS to the master, and its task's command executor plaintext to the agent.
    @Test func pymesosRunsATaskThroughADowngradeMaster() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: PymesosInteropTests.python), "run scripts/install-prerequisites to install pymesos")
        try await withServers("tls-pymesos") { servers, directory in
            let ca = try await TestCA(in: directory)
            let environment = ca.environment(["LIBPROCESS_SSL_SUPPORT_DOWNGRADE": "true"])
            let (_, address) = try await servers.start(Self.masterArguments, role: "master", in: directory, environment: environment)
            _ = try await servers.start(Self.agentArguments(master: address, in: directory), role: "agent", in: directory, environment: ca.environment())
            let result = try await runCommand([PymesosInteropTests.python, PymesosInteropTests.script, address, "30"], in: directory, name: "pymesos")
            #expect(result.status == 0, "pymesos exited with \(result.status >> 8): \(result.output)")
            #expect(result.output.contains("TASK_FINISHED"))
        }
    }
}
