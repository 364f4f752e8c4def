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
    func services(workDir: String, master: AddressBox, logger: Logger) -> [any Service] {
        self.noApps ? [] : [DevAppsService(port: self.appsPort, workDir: workDir, master: master, logger: logger)]
    }
}

/// The apps framework inside `agora dev`: started once the master listens, registered
/// with it, state in `<work-dir>/apps`.
struct DevAppsService: Service {
    let port: Int
    let workDir: String
    let master: AddressBox
    let logger: Logger

    func run() async throws {
        let master = await self.master.get()
        var settings = AppsSettings()
        settings.master = "\(master.host):\(master.port)"
        settings.port = self.port
        settings.workDir = "\(self.workDir)/apps"
        settings.frameworkUser = ProcessInfo.processInfo.environment["USER"] ?? "root"
        try await AppsServer(settings: settings, logger: self.logger) { announce("apps", $0) }.run()
    }
}
