import ArgumentParser
import Foundation
import OperatorClient

/// `agora deployments`: the apps framework's deployments in progress; `--watch` follows them
/// with a progress line and says why one stalls.
struct DeploymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployments", abstract: "List the apps framework's deployments in progress; --watch follows them.",
        discussion: """
            With --watch: one progress line per deployment (on a terminal, rewritten in place), a line when one
            finishes, and a message naming the apps framework's reason (no offer fits: which resource or
            constraint, backoff after failures, no offers) when one makes no progress for --stall-after seconds.
            Ends on Ctrl-C.
            Examples:
              agora deployments
              agora deployments --watch
              agora deployments -o json
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var watch: WatchOptions
    @Option(help: "With --watch: say a deployment stalls (and why) after this many seconds without progress.")
    var stallAfter: Double = 30

    func run() async throws {
        try await reportingFailures {
            try await self.connection.withFrameworks { clients in
                if self.watch.watch {
                    try await untilInterrupted { [stallAfter] in try await DeploymentWatch(apps: clients.apps, stallAfter: stallAfter).run() }
                    return
                }
                let deployments = try await clients.apps.deployments()
                switch self.output.output {
                case .json, .yaml: emit(try renderJSON(deployments.map(\.json), as: self.output.output))
                case .table, .wide: emit(Self.table(deployments))
                }
            }
        }
    }

    static func table(_ deployments: [MarathonDeployment]) -> String {
        var table = Table("ID", "APPS", "STEP", "ACTIONS", "VERSION")
        for deployment in deployments {
            table.add(
                deployment.id, deployment.affectedApps.joined(separator: ","), "\(deployment.currentStep)/\(deployment.totalSteps)",
                deployment.currentActions.map { "\($0.action) \($0.app)" }.joined(separator: ", "), deployment.version)
        }
        return table.render()
    }
}
