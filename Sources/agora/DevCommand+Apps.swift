import AgoraServer
import AppsServer
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// `agora dev`'s apps framework flags: it runs by default on port 8080.
struct DevAppsOptions: ParsableArguments {
    @Option(help: "Port of the apps framework's Marathon API (0: any free port).") var appsPort = 8080
    @Flag(help: "Do not start the apps framework.") var noApps = false

    func validate() throws {
        guard (0...65535).contains(self.appsPort) else { throw ValidationError("--apps-port must be 0-65535") }
    }

    /// The apps framework's service, unless `--no-apps`.
    func services(master: @escaping @Sendable () async -> String, workDir: String, logger: Logger) throws -> [any Service] {
        guard !self.noApps else { return [] }
        // Like the master's registry, the apps state starts fresh with every `agora dev`.
        try removeIfPresent("\(workDir)/apps")
        return [DevAppsService(port: self.appsPort, workDir: workDir, master: master, logger: logger)]
    }
}

/// The apps framework inside `agora dev`: started once the master listens, registered
/// with it, state in `<work-dir>/apps`.
struct DevAppsService: Service {
    let port: Int
    let workDir: String
    let master: @Sendable () async -> String
    let logger: Logger

    func run() async throws {
        var settings = AppsSettings()
        settings.master = await self.master()
        settings.port = self.port
        settings.workDir = "\(self.workDir)/apps"
        settings.frameworkUser = ProcessInfo.processInfo.environment["USER"] ?? "root"
        try await AppsServer(settings: settings, logger: self.logger) { announce("apps", $0) }.run()
    }
}
