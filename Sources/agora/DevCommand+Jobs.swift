import AgoraServer
import ArgumentParser
import Foundation
import JobsServer
import Logging
import ServiceLifecycle

/// `agora dev`'s jobs framework: on by default (`--no-jobs` skips it), on `--jobs-port`.
struct DevJobsOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Start the jobs framework (Chronos and Metronome APIs).") var jobs = true
    @Option(help: "Jobs framework port (0: any free port).") var jobsPort = 4400

    func validate() throws {
        guard (0...65535).contains(self.jobsPort) else { throw ValidationError("--jobs-port must be 0-65535") }
    }

    /// The jobs framework as a service of the dev cluster, started once the master is known.
    func services(master: @escaping @Sendable () async -> String, workDir: String, logger: Logger) throws -> [any Service] {
        guard self.jobs else { return [] }
        // Like the master's registry, the jobs state starts fresh with every `agora dev`.
        try removeIfPresent("\(workDir)/jobs")
        return [DevJobsService(port: self.jobsPort, workDir: "\(workDir)/jobs", master: master, logger: logger)]
    }
}

/// Runs `agora jobs` inside `agora dev` once the master's address is known.
struct DevJobsService: Service {
    let port: Int
    let workDir: String
    let master: @Sendable () async -> String
    let logger: Logger

    func run() async throws {
        var settings = JobsSettings()
        settings.master = await self.master()
        settings.port = self.port
        settings.store = .sqlite(path: "\(self.workDir)/jobs.db")
        settings.zooKeeperSessionTimeout = .seconds(2)
        try await JobsServer(settings: settings, logger: self.logger, onListening: { announce("jobs", $0) }).run()
    }
}
