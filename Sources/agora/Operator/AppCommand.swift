import ArgumentParser
import Foundation
import OperatorClient

/// `agora app`: the apps framework's services, through its Marathon API.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "Deploy, list, show, scale, restart, roll back or delete apps (the apps framework).",
        discussion: """
            Examples:
              agora app deploy web.json           # create, or update to what the file says
              agora app deploy web.json --watch   # and follow the deployment until it is done
              agora app list
              agora app show /web -o json
              agora app scale /web 5
              agora app restart /web
              agora app rollback /web             # to the version before the current one
              agora app delete /web
            """,
        subcommands: [Deploy.self, List.self, Show.self, Scale.self, Restart.self, Rollback.self, Delete.self],
        defaultSubcommand: List.self)

    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app from a JSON file, or update it to the file's definition.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app definition (Marathon's JSON; - reads stdin).") var file: String
        @Flag(name: .shortAndLong, help: "Follow the deployment with a progress line until it is done.") var watch = false
        @Option(help: "With --watch: say the deployment stalls (and why) after this many seconds without progress.")
        var stallAfter: Double = 30

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withFrameworks { clients in
                    let definition = try readDefinition(self.file)
                    let ref = try await clients.apps.deploy(definition)
                    let id = try Self.appID(in: definition)
                    try AppCommand.report(ref, "app \(id) \(ref.created ? "created" : "updated")", format: self.output.output)
                    guard self.watch else { return }
                    let watch = DeploymentWatch(apps: clients.apps, stallAfter: self.stallAfter, only: ref.deploymentID)
                    try await untilInterrupted { try await watch.run() }
                }
            }
        }

        static func appID(in data: Data) throws -> String {
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return AppsClient.path(object?["id"] as? String ?? "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List apps: instances running of wanted, size, deployments.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let apps = try await self.connection.withFrameworks { try await $0.apps.apps() }
                switch self.output.output {
                case .json, .yaml: emit(try renderJSON(apps.map(\.json), as: self.output.output))
                case .table, .wide: emit(AppView.table(apps, wide: self.output.output == .wide))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one app, its tasks and why instances wait.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app's ID, e.g. /web.") var app: String

        func run() async throws {
            try await reportingFailures {
                let (app, queue) = try await self.connection.withFrameworks { clients in
                    (try await clients.apps.app(self.app), try await clients.apps.queue())
                }
                switch self.output.output {
                case .json, .yaml: emit(try renderJSON(app.json, as: self.output.output))
                case .table, .wide: emit(AppView.details(app, queued: queue.first { $0.appID == app.id }))
                }
            }
        }
    }

    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an app's number of instances.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app's ID.") var app: String
        @Argument(help: "How many instances.") var instances: Int

        func validate() throws { guard self.instances >= 0 else { throw ValidationError("instances must be 0 or more") } }

        func run() async throws {
            try await AppCommand.change(self.connection, self.output, "app \(AppsClient.path(self.app)) scaling to \(self.instances)") {
                try await $0.scale(self.app, to: self.instances)
            }
        }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace every instance of an app (rolling).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app's ID.") var app: String

        func run() async throws {
            try await AppCommand.change(self.connection, self.output, "app \(AppsClient.path(self.app)) restarting") { try await $0.restart(self.app) }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Go back to the previous version of an app (or --to a given one).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app's ID.") var app: String
        @Option(help: "The version (as `agora app show -o json` lists in versionInfo, or /v2/apps/ID/versions).") var to: String?

        func run() async throws {
            try await AppCommand.change(self.connection, self.output, "app \(AppsClient.path(self.app)) rolling back") {
                try await $0.rollback(self.app, to: self.to)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an app's tasks and remove it.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The app's ID.") var app: String

        func run() async throws {
            try await AppCommand.change(self.connection, self.output, "app \(AppsClient.path(self.app)) deleting") { try await $0.delete(self.app) }
        }
    }

    /// Runs a change and reports the deployment it started.
    static func change(
        _ connection: ConnectionOptions, _ output: OutputOptions, _ what: String,
        _ body: @escaping (AppsClient) async throws -> MarathonDeploymentRef
    ) async throws {
        try await reportingFailures {
            let ref = try await connection.withFrameworks { try await body($0.apps) }
            try Self.report(ref, what, format: output.output)
        }
    }

    static func report(_ ref: MarathonDeploymentRef, _ what: String, format: OutputFormat) throws {
        switch format {
        case .json, .yaml:
            let object: [String: Any] = ["deploymentId": ref.deploymentID, "version": ref.version, "created": ref.created]
            emit(try renderJSON(object, as: format))
        case .table, .wide:
            emit("\(what): deployment \(ref.deploymentID)\n")
        }
    }
}
