import Agent
import AgoraPosix
import AgoraServer
import AgoraCommandLine
import ArgumentParser
import Coordination
import Logging
import ServiceLifecycle

/// `agora agent`: runs an agent.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "Run an agent.")

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var options: AgentOptions
    @OptionGroup var access: AccessOptions
    @Flag(
        name: [.customLong("authenticate-http-executors"), .customLong("authenticate_http_executors")],
        help: "Executors must present the token the agent signed for them (needs --jwt-secret-key).")
    var authenticateExecutors = false
    @Option(
        name: [.customLong("jwt-secret-key"), .customLong("jwt_secret_key")],
        help: "File holding the key that signs executors' tokens (HS256); readable by its owner only.")
    var jwtSecretKey: String?
    @Option(
        name: [.customLong("credential")],
        help: "File with the principal and secret the agent authenticates to the master with ({\"principal\":…,\"secret\":…}), readable by its owner only.")
    var credential: String?

    func validate() throws {
        guard !self.authenticateExecutors || self.jwtSecretKey != nil else {
            throw ValidationError("--authenticate-http-executors needs --jwt-secret-key")
        }
    }

    func run() async throws {
        try checkTLSEnvironment()
        let logger = self.logging.bootstrap(label: "agora.agent")
        var settings = try self.options.settings(master: self.options.master)
        settings.access = try self.access.policy(realm: "mesos", logger: logger)
        settings.access.localAddresses = HostAddresses.current()
        // The key is the file's text without surrounding whitespace (a trailing newline is no part of it).
        settings.core.executorTokenKey = try self.jwtSecretKey.map { path in
            let key = Array(try AccessOptions.readSecretFile(path, flag: "--jwt-secret-key").trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            // An empty or short key would let anyone forge executor tokens.
            guard key.count >= 16 else { throw ValidationError("--jwt-secret-key: \(path) holds \(key.count) bytes; use at least 16") }
            return key
        }
        settings.authenticateExecutors = self.authenticateExecutors
        settings.masterCredential = try self.credential.map { try AccessOptions.credential(at: $0, flag: "--credential") }
        let server = AgentServer(settings: settings, logger: logger) { announce("agent", $0) }
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The agent's flags.
struct AgentOptions: ParsableArguments {
    @Option(help: "The master: host:port, http://host:port, zk://host1:2181,host2:2181/path or file:///path.")
    var master = "127.0.0.1:5050"
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 5051
    @Option(help: "Hostname to advertise (default: the bind address).") var hostname: String?
    @Option(help: "Directory for sandboxes.") var workDir = "/tmp/agora"
    @Option(help: "Resources, e.g. 'cpus:4;mem:1024;ports:[31000-32000]' (the rest is detected).") var resources: String?
    @Option(help: "Attributes, e.g. 'rack:r1;zone:a'.") var attributes: String?
    @Option(help: "Time an executor has to subscribe.") var executorRegistrationTimeout: Duration = .seconds(60)
    @Option(help: "Time an executor has to shut down.") var executorShutdownGracePeriod: Duration = .seconds(5)
    @Option(help: "On restart: 'reconnect' re-adopts the executors of the checkpoint (work directory), 'cleanup' kills them.")
    var recover: RecoveryMode = .reconnect
    @Option(help: "Time a disconnected executor has to reconnect before it is destroyed (MESOS_RECOVERY_TIMEOUT).")
    var recoveryTimeout: Duration = .seconds(15 * 60)
    @Option(help: "Directory of the fetcher's cache (default: <work-dir>/fetcher-cache).") var fetcherCacheDir: String?
    @Option(help: "Most the fetcher's cache may hold, in MB.") var fetcherCacheSize = 2048
    @Option(help: "How long a completed executor's sandbox is kept before it is removed.") var gcDelay: Duration = .seconds(7 * 86_400)
    @Option(help: """
        Isolators, comma-separated: cgroups/cpu, cgroups/mem, cgroups/pids, namespaces/pid, posix/cpu, posix/mem; or none \
        (default: cgroups/cpu,cgroups/mem,cgroups/pids where cgroups are writable, else posix/cpu,posix/mem).
        """)
    var isolation: String?
    @Option(help: "Containers' cgroups go under <hierarchy>/<cgroups-root>/<agent ID>/<container ID>.") var cgroupsRoot = "agora"
    @Option(help: "Most processes a container may have (pids.max, with cgroups/pids; default: no limit).") var cgroupsMaxPids: Int?
    @Option(help: "With cgroups/cpu: cap each container at its cpus with a CFS quota, besides CPU shares (true|false).")
    var cgroupsEnableCfs = false
    @Option(help: "The CFS period of the quota (1ms-1s): a container may use cpus × period of CPU time before it waits for the next period.")
    var cgroupsCfsPeriod: Duration = .milliseconds(100)
    @Option(help: "Run each executor as its task's user (else the framework's) when the agent runs as root (true|false).")
    var switchUser = true

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0-65535") }
        do {
            _ = try MasterLocation.parse(self.master)
        } catch {
            throw ValidationError("--master: \(error)")
        }
        if let resources {
            _ = try Self.check(resources)
        }
        if let isolation {
            do {
                _ = try IsolationSettings.parse(isolation)
            } catch {
                throw ValidationError("--isolation: \(error)")
            }
        }
        guard self.cgroupsCfsPeriod >= .milliseconds(1) && self.cgroupsCfsPeriod <= .seconds(1) else {
            throw ValidationError("--cgroups-cfs-period must be between 1ms and 1s (the kernel's bounds)")
        }
        if let cgroupsMaxPids, cgroupsMaxPids < 1 { throw ValidationError("--cgroups-max-pids must be at least 1") }
    }

    private static func check(_ resources: String) throws -> Bool {
        do {
            _ = try ResourceDetection.resources(flag: resources, workDir: "/")
            return true
        } catch {
            throw ValidationError("Bad --resources: \(error)")
        }
    }

    func settings(master: String) throws -> AgentSettings {
        var settings = AgentSettings()
        settings.master = master
        settings.host = self.host
        settings.port = self.port
        settings.hostname = self.hostname
        settings.resources = self.resources
        settings.attributes = self.attributes
        settings.executorCommand = executorCommand()
        settings.core.workDir = self.workDir
        settings.core.executorRegistrationTimeout = self.executorRegistrationTimeout
        settings.core.executorShutdownGracePeriod = self.executorShutdownGracePeriod
        settings.recover = self.recover
        settings.fetcherCacheDirectory = self.fetcherCacheDir
        settings.gcDelay = self.gcDelay
        settings.fetcherCacheBytes = Int64(self.fetcherCacheSize) << 20
        settings.core.recoveryTimeout = self.recoveryTimeout
        settings.isolation = try self.isolation.map(IsolationSettings.parse)
        settings.cgroupsRoot = self.cgroupsRoot
        settings.cgroupsMaxPids = self.cgroupsMaxPids
        settings.switchUser = self.switchUser
        settings.cgroupsEnableCFS = self.cgroupsEnableCfs
        settings.cgroupsCFSPeriod = self.cgroupsCfsPeriod
        return settings
    }
}

extension RecoveryMode: ExpressibleByArgument {}
