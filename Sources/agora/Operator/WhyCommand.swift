import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora why TASK`: why a task is not running, from what the master knows.
struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Explain why a task is not running (or what stops a task of a given size from starting).",
        discussion: """
            For a task the master knows: its state, last status and reason, and, unless it runs, what the
            allocator would need to offer a task of its size again. For a task the master does not know (its
            framework has not launched it), give its size: the allocator's view says which agent lacks which
            resource for which role, and what quota, weights, suppression or declined-offer filters stand in
            the way.
            Examples:
              agora why web-1
              agora why web-1 --framework marathon --resources cpus:2,mem:512
              agora why --role analytics --resources cpus:8
            """)

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .shortAndLong, help: "Output: text (default), json or yaml.") var output: OutputFormat = .table
    @Argument(help: "The task's ID.") var task: String?
    @Option(help: "The framework that would launch it (ID or name).") var framework: String?
    @Option(help: "The role it would run in (default: the framework's first role).") var role: String?
    @Option(help: "Its size, e.g. cpus:1,mem:128.") var resources: String?

    func validate() throws {
        guard self.task != nil || self.resources != nil else { throw ValidationError("name a task, or give --resources") }
        if let resources { _ = try QuotaView.parse(resources, option: "--resources") }
    }

    func run() async throws {
        try await reportingFailures {
            try await self.connection.withFrameworks { clients in
                let client = clients.master
                let state = try await client.state()
                let known = self.task.flatMap { TaskFilter.lookup($0, in: state) }
                if let id = self.task, known == nil, self.resources == nil {
                    if let app = try await Self.app(id, apps: clients.apps) {
                        return try await self.explain(app, state: state, clients: clients)
                    }
                    throw CommandFailure(
                        "task \(id) not found: the master does not know it (its framework has not launched it), nor does the apps "
                            + "framework at \(clients.apps.baseURL) have an app \(AppsClient.path(id)); "
                            + "give --resources (and --framework) to see whether a task of that size can start",
                        exitCode: CommandFailure.notFoundExitCode)
                }
                let frameworkID = try self.frameworkID(known: known, state: state)
                var demand = try self.resources.map { try Self.demand($0) } ?? known?.resources ?? []
                demand = demand.filter { $0.type == .scalar }
                let running = known.map { $0.state == .taskRunning } ?? false
                let explanation = running ? nil : try await client.explainAllocation(role: self.role, frameworkID: frameworkID, demand: demand)
                let report = WhyReport(taskID: self.task, task: known, state: state, explanation: explanation, demand: demand)
                switch self.output {
                case .json, .yaml: emit(try Render.document(report.json(), as: self.output))
                case .table, .wide: emit(report.text())
                }
            }
        }
    }

    /// The app `id` names, with its queue entry; nil when the apps framework has no such app
    /// (or does not run).
    static func app(_ id: String, apps: AppsClient) async throws -> AppWhy? {
        let app: MarathonApp
        do throws(OperatorClientError) {
            app = try await apps.app(id)
        } catch {
            guard error.kind == .notFound || error.kind == .transport else { throw error }
            return nil
        }
        let queue = try await apps.queue()
        return AppWhy(app: app, queued: queue.first { $0.appID == app.id })
    }

    /// Both levels for an app: the apps framework's queue, and the allocator's view of one
    /// instance's resources in the app's role for the apps framework.
    private func explain(_ app: AppWhy, state: MasterResponse.GetState, clients: FrameworkClients) async throws {
        let demand = app.demand
        var explanation: MasterResponse.ExplainAllocation?
        if !app.isSettled {
            let frameworkID = try await clients.apps.frameworkID()
            explanation = try await clients.master.explainAllocation(role: self.role ?? app.app.role, frameworkID: frameworkID, demand: demand)
        }
        let report = WhyReport(taskID: nil, task: nil, state: state, explanation: explanation, demand: demand, app: app)
        switch self.output {
        case .json, .yaml: emit(try Render.document(report.json(), as: self.output))
        case .table, .wide: emit(report.text())
        }
    }

    private func frameworkID(known: Agora_V1_Task?, state: MasterResponse.GetState) throws -> String? {
        if let known { return known.frameworkID.value }
        guard let name = self.framework else { return nil }
        let frameworks = state.getFrameworks.frameworks
        if let match = frameworks.first(where: { $0.frameworkInfo.id.value == name || $0.frameworkInfo.name == name }) {
            return match.frameworkInfo.id.value
        }
        throw CommandFailure.notFound("framework \(name)")
    }

    static func demand(_ text: String) throws -> [Agora_V1_Resource] {
        try QuotaView.parse(text, option: "--resources").sorted { $0.key < $1.key }.map { name, scalar in
            Agora_V1_Resource.with {
                $0.name = name
                $0.type = .scalar
                $0.scalar = scalar
            }
        }
    }
}
