import AgoraProto
import ArgumentParser
import Foundation
import OperatorClient

/// `agora events`: follows the master's event stream, one line per event.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Follow the master's events (tasks, agents, frameworks), one line each.",
        discussion: """
            Runs until Ctrl-C, or until --count events have been printed.
            Examples:
              agora events
              agora events -o json | jq .          # the Mesos JSON of each event, one per line
              agora events --count 1               # wait for the next change
            """)

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .shortAndLong, help: "Output: text (default) or json (one event per line).") var output: EventFormat = .text
    @Option(help: "Stop after this many events (the initial SUBSCRIBED and heartbeats do not count).") var count: Int?
    @Flag(help: "Also print heartbeats.") var heartbeats = false

    enum EventFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        try await reportingFailures {
            try await self.connection.withClient { client in
                let events = try await client.subscribe()
                let (format, limit, heartbeats) = (self.output, self.count, self.heartbeats)
                try await untilInterrupted {
                    var printed = 0
                    for try await event in events {
                        if event.type == .subscribed || (event.type == .heartbeat && !heartbeats) { continue }
                        emit((format == .json ? try Render.line(event) : EventLine.text(event)) + "\n")
                        printed += 1
                        if let limit, printed >= limit { return }
                    }
                    throw CommandFailure("the master closed the event stream (it stopped or lost leadership)")
                }
            }
        }
    }
}

/// One event as a line for people.
enum EventLine {
    static func text(_ event: Agora_V1_Master_Event) -> String {
        let time = Date().formatted(Date.ISO8601FormatStyle())
        let type = Format.protoName(event.type)
        switch event.type {
        case .taskAdded:
            let task = event.taskAdded.task
            return "\(time) \(type) task=\(task.taskID.value) framework=\(task.frameworkID.value) agent=\(task.agentID.value) state=\(Format.state(task.state))"
        case .taskUpdated:
            let update = event.taskUpdated
            let message = update.status.message.isEmpty ? "" : " message=\"\(update.status.message)\""
            // `state` is the newest; `status` may be an earlier one still being delivered.
            let status = update.status.state == update.state ? "" : " status=\(Format.state(update.status.state))"
            return "\(time) \(type) task=\(update.status.taskID.value) framework=\(update.frameworkID.value) state=\(Format.state(update.state))\(status)\(message)"
        case .agentAdded:
            let info = event.agentAdded.agent.agentInfo
            return "\(time) \(type) agent=\(info.id.value) hostname=\(info.hostname) resources=\"\(Format.resources(info.resources))\""
        case .agentRemoved:
            return "\(time) \(type) agent=\(event.agentRemoved.agentID.value)"
        case .frameworkAdded, .frameworkUpdated:
            let framework = event.type == .frameworkAdded ? event.frameworkAdded.framework : event.frameworkUpdated.framework
            let info = framework.frameworkInfo
            return "\(time) \(type) framework=\(info.id.value) name=\(info.name) connected=\(framework.connected)"
        case .frameworkRemoved:
            let info = event.frameworkRemoved.frameworkInfo
            return "\(time) \(type) framework=\(info.id.value) name=\(info.name)"
        default:
            return "\(time) \(type)"
        }
    }
}
