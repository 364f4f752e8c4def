import ArgumentParser
import Foundation
import OperatorClient

/// `agora job`: the jobs framework's jobs, through its Chronos API.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job", abstract: "Add, list, show, run or delete jobs and see their history (the jobs framework).",
        discussion: """
            Examples:
              agora job add backup.json          # Chronos's JSON; with "parents" it is a dependent job
              agora job list
              agora job show backup
              agora job run backup
              agora job history backup
              agora job delete backup
            """,
        subcommands: [Add.self, List.self, Show.self, Run.self, History.self, Delete.self], defaultSubcommand: List.self)

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a job from a JSON file, or replace the job of that name.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The job definition (Chronos's JSON; - reads stdin).") var file: String

        func run() async throws {
            try await reportingFailures {
                let name = try await self.connection.withFrameworks { try await $0.jobs.add(try readDefinition(self.file)) }
                emit("job \(name) saved\n")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs: schedule, last outcome, state.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let jobs = try await self.connection.withFrameworks { try await $0.jobs.jobs() }
                switch self.output.output {
                case .json, .yaml:
                    let objects: [[String: Any]] = jobs.map {
                        ["name": $0.name, "status": $0.status, "state": $0.state, "schedule": $0.schedule, "parents": $0.parents, "disabled": $0.disabled]
                    }
                    emit(try renderJSON(objects, as: self.output.output))
                case .table, .wide:
                    var table = Table("NAME", "SCHEDULE", "LAST", "STATE", "DISABLED")
                    for job in jobs {
                        let schedule = job.schedule.isEmpty ? "after " + job.parents.joined(separator: ",") : job.schedule
                        table.add(job.name, schedule, job.status, job.state, job.disabled ? "yes" : "no")
                    }
                    emit(table.render())
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The job's name.") var job: String

        func run() async throws {
            try await reportingFailures {
                let job = try await self.connection.withFrameworks { try await $0.jobs.job(self.job) }
                switch self.output.output {
                case .json, .yaml: emit(try renderJSON(job.json, as: self.output.output))
                case .table, .wide:
                    emit([
                        "Name:      \(job.name)", "Command:   \(job.command)",
                        "Schedule:  " + (job.schedule ?? "after " + job.parents.joined(separator: ", ")),
                        "Resources: cpus:\(Format.number(job.cpus)) mem:\(Format.number(job.mem))",
                        "Runs:      \(job.successCount) succeeded, \(job.errorCount) failed",
                        "Last:      success \(job.lastSuccess.isEmpty ? "never" : job.lastSuccess), error \(job.lastError.isEmpty ? "never" : job.lastError)",
                        "Disabled:  \(job.disabled ? "yes" : "no")",
                    ].joined(separator: "\n") + "\n")
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a job now.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The job's name.") var job: String
        @Option(help: "Arguments appended to the job's command.") var arguments: String?

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withFrameworks { try await $0.jobs.run(self.job, arguments: self.arguments) }
                emit("job \(self.job) started\n")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A job's finished runs and skipped instants, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The job's name.") var job: String

        func run() async throws {
            try await reportingFailures {
                let runs = try await self.connection.withFrameworks { try await $0.jobs.history(self.job) }
                switch self.output.output {
                case .json, .yaml: emit(try renderJSON(runs.map(\.json), as: self.output.output))
                case .table, .wide:
                    var table = Table("DUE", "TRIGGER", "STATUS", "DURATION", "LATENESS", "HOST", "TASK")
                    for run in runs {
                        table.add(
                            run.due, run.trigger, run.status + (run.reason.map { " (\($0))" } ?? ""),
                            run.duration.map { Format.number($0) + "s" } ?? "-", run.lateness.map { Format.number($0) + "s" } ?? "-",
                            run.hostname ?? "-", run.taskID ?? "-")
                    }
                    emit(table.render())
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a job (its running tasks are killed).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The job's name.") var job: String

        func run() async throws {
            try await reportingFailures {
                try await self.connection.withFrameworks { try await $0.jobs.delete(self.job) }
                emit("job \(self.job) deleted\n")
            }
        }
    }
}
