import AgoraPosix
import AgoraTestKit
import Foundation

/// A certificate authority made with the `openssl` CLI for one test: the CA, a certificate
/// for 127.0.0.1 (servers and, for mutual TLS, clients), and a second client certificate.
struct TestCA {
    let directory: String
    var caFile: String { self.directory + "/ca.pem" }
    /// The CA alone in an OpenSSL hashed directory (for `LIBPROCESS_SSL_CA_DIR`).
    var caDirectory: String { self.directory + "/cas" }
    var serverKey: String { self.directory + "/server.key" }
    var serverCert: String { self.directory + "/server.pem" }
    var clientKey: String { self.directory + "/client.key" }
    var clientCert: String { self.directory + "/client.pem" }

    /// Issues everything into `directory`; throws with openssl's output when it fails.
    init(in directory: String) async throws {
        self.directory = directory
        let script = """
            set -e
            cd '\(directory)'
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
            key ca.key
            openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj /CN=agora-test-ca
            for name in server client; do
              key $name.key
              openssl req -new -key $name.key -out $name.csr -subj /CN=127.0.0.1
              printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth,clientAuth\\n' > $name.ext
              openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 2 -extfile $name.ext
            done
            mkdir cas && cp ca.pem cas/ && openssl rehash cas
            """
        let result = try await runCommand(["/bin/sh", "-c", script], in: directory, name: "openssl")
        guard result.status == 0 else { throw CommandFailed(command: "openssl", output: result.output) }
    }

    /// The `LIBPROCESS_SSL_*` environment of a server (or agent) with TLS on, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "LIBPROCESS_SSL_ENABLED": "true", "LIBPROCESS_SSL_KEY_FILE": self.serverKey,
            "LIBPROCESS_SSL_CERT_FILE": self.serverCert, "LIBPROCESS_SSL_CA_FILE": self.caFile,
        ].merging(extra) { $1 }
    }
}

/// A command that failed, with what it printed.
struct CommandFailed: Error, CustomStringConvertible {
    let command: String
    let output: String
    var description: String { "\(self.command) failed: \(self.output)" }
}

/// Runs `arguments` (argv[0] an absolute path) to completion with `environment` added to
/// this process's; returns its exit status and its stdout and stderr together.
func runCommand(
    _ arguments: [String], in directory: String, name: String, environment: [String: String] = [:]
) async throws -> (status: Int32, output: String) {
    let output = "\(directory)/\(name)-\(UUID().uuidString.prefix(6)).out"
    let pid = try Spawner.spawn(SpawnRequest(
        executable: arguments[0], arguments: arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
        stdoutPath: output, stderrPath: output))
    let status = await ProcessReaper.shared.waitForExit(of: pid)
    return (status, try String(contentsOfFile: output, encoding: .utf8))
}

/// `curl` of `url`: the HTTP status it got, or nil when no HTTP answer came (a refused
/// handshake, a plaintext request to a TLS-only port). `options` add CA and certificates.
func curlStatus(_ url: String, _ options: [String] = [], in directory: String) async throws -> Int? {
    let result = try await runCommand(
        ["/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"] + options + [url],
        in: directory, name: "curl")
    let code = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    return result.status == 0 && code != 0 ? code : nil
}

/// `curl` of `url` returning the body as JSON, or nil when it does not answer with JSON.
func curlJSON(_ url: String, _ options: [String], in directory: String) async throws -> [String: Any]? {
    let result = try await runCommand(["/usr/bin/curl", "-s", "--fail", "--max-time", "10"] + options + [url], in: directory, name: "curl-json")
    guard result.status == 0 else { return nil }
    return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
}

/// The servers a test started, stopped when it ends however it ends.
final class StartedServers {
    private var processes: [ServerProcess] = []

    /// Starts `agora <arguments>` with `environment` and waits until it listens as `role`;
    /// returns it and its `host:port`.
    func start(
        _ arguments: [String], role: String, in directory: String, environment: [String: String]
    ) async throws -> (process: ServerProcess, address: String) {
        let process = try ServerProcess(arguments + LocalCluster.logLevel, name: role, logDirectory: directory, environment: environment)
        self.processes.append(process)
        return (process, try await process.address(of: role))
    }

    func stopAll() async {
        for process in self.processes.reversed() { await process.stop() }
        self.processes = []
    }
}

/// Runs `body` with a fresh scratch directory and its servers; stops the servers after it,
/// and removes the directory when it returns.
func withServers(_ name: String, _ body: (StartedServers, String) async throws -> Void) async throws {
    let directory = Paths.scratch(name)
    let servers = StartedServers()
    do {
        try await body(servers, directory)
    } catch {
        await servers.stopAll()
        throw error
    }
    await servers.stopAll()
    Paths.discardScratch(directory)
}
