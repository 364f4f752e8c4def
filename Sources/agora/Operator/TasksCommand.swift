import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora tasks`: list, show and kill tasks.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List, show or kill tasks.",
        discussion: """
            Examples:
              agora tasks
              agora tasks --framework <framework-id> --state running
              agora tasks --all -o json          # finished tasks too
              agora task show <task-id>
              agora task kill <task-id>          # its framework hears TASK_KILLED
              agora task logs <task-id> --follow
            """,
        subcommands: [List.self, Show.self, Kill.self, TaskLogsCommand.self], defaultSubcommand: List.self, aliases: ["task"])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tasks (live ones unless --all).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var watch: WatchOptions
        @Option(help: "Only this framework's tasks (ID or name).") var framework: String?
        @Option(help: "Only tasks in this state, e.g. running, finished, failed.") var state: String?
        @Option(help: "Only tasks on this agent (ID or hostname).") var agent: String?
        @Flag(help: "Include unreachable and completed tasks.") var all = false

        func validate() throws {
            if let state, TaskFilter.state(named: state) == nil {
                throw ValidationError("unknown state '\(state)': use one of \(TaskFilter.stateNames.joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { client in
                    let filter = TaskFilter(framework: self.framework, state: self.state, agent: self.agent, all: self.all)
                    let (format, watching) = (self.output.output, self.watch.watch)
                    try await printView(watching: watching, client: client) {
                        let state = try await client.state()
                        return try TaskView.render(filter.apply(to: state), state: state, as: format, watching: watching)
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one task and its statuses.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The task's ID.") var task: String

        func run() async throws {
            try await reportingFailures {
                let state = try await self.connection.withClient { try await $0.state() }
                let task = try TaskFilter.find(self.task, in: state)
                switch self.output.output {
                case .json, .yaml: emit(try Render.single(task, as: self.output.output))
                case .table, .wide: emit(TaskView.details(task, state: state))
                }
            }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Kill a task; its framework hears TASK_KILLED.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The task's ID.") var task: String
        @Option(help: "The framework, when several use this task ID.") var framework: String?

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withClient { try await $0.killTask(self.task, frameworkID: self.framework) }
                emit("task \(self.task) is being killed\n")
            }
        }
    }
}

/// Which tasks `agora tasks` shows.
struct TaskFilter: Sendable {
    var framework: String?
    var state: String?
    var agent: String?
    var all: Bool

    static let stateNames = [
        "staging", "starting", "running", "killing", "finished", "failed", "killed", "error", "lost", "dropped",
        "unreachable", "gone", "gone_by_operator", "unknown",
    ]

    static func state(named name: String) -> String? {
        let short = name.uppercased().hasPrefix("TASK_") ? String(name.uppercased().dropFirst(5)) : name.uppercased()
        return Self.stateNames.contains(short.lowercased()) ? short : nil
    }

    func apply(to state: MasterResponse.GetState) -> [Agora_V1_Task] {
        let tasks = state.getTasks
        let candidates = tasks.tasks + (self.all || self.state != nil ? tasks.unreachableTasks + tasks.completedTasks : [])
        let frameworkIDs = self.framework.map { name in
            Set(state.getFrameworks.frameworks.filter { $0.frameworkInfo.name == name || $0.frameworkInfo.id.value == name }
                .map(\.frameworkInfo.id.value) + [name])
        }
        let agentIDs = self.agent.map { name in
            Set(state.getAgents.agents.filter { $0.agentInfo.hostname == name }.map(\.agentInfo.id.value) + [name])
        }
        let wanted = self.state.flatMap(Self.state(named:))
        return candidates.filter { task in
            (frameworkIDs?.contains(task.frameworkID.value) ?? true) && (agentIDs?.contains(task.agentID.value) ?? true)
                && (wanted.map { Format.state(task.state) == $0 } ?? true)
        }
    }

    /// The task named `id`, live or not; exit 3 when the master does not know it.
    static func find(_ id: String, in state: MasterResponse.GetState) throws -> Agora_V1_Task {
        guard let task = Self.lookup(id, in: state) else { throw CommandFailure.notFound("task \(id)") }
        return task
    }

    /// The task named `id` (the newest, for a completed ID used again), if the master knows it.
    static func lookup(_ id: String, in state: MasterResponse.GetState) -> Agora_V1_Task? {
        let tasks = state.getTasks
        return (tasks.tasks + tasks.unreachableTasks + tasks.completedTasks.reversed()).first { $0.taskID.value == id }
    }
}
