// A complete Agora framework: runs shell commands as tasks and prints how each ended.
//
//   agora-example-shell --master 127.0.0.1:5050 'echo hello' 'uname -a' 'exit 3'
//   agora-example-shell --master zk://127.0.0.1:2181/agora 'echo hello'
//
// It subscribes, carves tasks out of the offers it gets (0.1 cpu, 32 MB each), follows
// their status updates (the SDK acknowledges them), prints each task's final state, and
// tears the framework down when every command has ended. Exits 1 if any command failed.
import AgoraSDK
import Foundation

@main
struct ShellCommands {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--help" || arguments.first == "-h" {
            print("usage: agora-example-shell [--master HOST:PORT|zk://HOSTS/PATH|file:///PATH] [COMMAND ...]")
            return
        }
        var master = "127.0.0.1:5050"
        if arguments.first == "--master", arguments.count >= 2 {
            master = arguments[1]
            arguments.removeFirst(2)
        }
        let commands = arguments.isEmpty ? ["echo hello from Agora", "uname -sr", "exit 3"] : arguments
        let failed = try await run(commands, master: master)
        exit(failed == 0 ? 0 : 1)
    }

    /// Runs every command once; returns how many did not finish successfully.
    static func run(_ commands: [String], master: String) async throws -> Int {
        let driver = try SchedulerDriver(configuration: SchedulerConfiguration(master: master, name: "shell-commands"))
        let events = driver.events()
        await driver.start()
        var pending = Array(commands.enumerated())
        var tracker = TaskTracker()
        var failed = 0
        for await event in events {
            switch event {
            case .subscribed(let id, _, _):
                say("subscribed as \(id)")
            case .resubscribed(let id, _, _):
                say("subscribed again as \(id); reconciling")
                try await driver.reconcile()
            case .offers(let offers):
                for offer in offers {
                    var budget = OfferResources(offer)
                    var tasks: [Mesos.TaskInfo] = []
                    while let (index, command) = pending.first, let resources = budget.take(cpus: 0.1, mem: 32) {
                        pending.removeFirst()
                        tasks.append(.command(id: TaskID("command-\(index)"), command: command, resources: resources, on: offer))
                    }
                    if tasks.isEmpty {
                        try await driver.decline([offer.offerID], refuse: .seconds(60))
                    } else {
                        try await driver.launch(tasks, on: offer)
                    }
                }
            case .update(let status):
                guard tracker.record(status) else { continue }
                let index = Int(status.taskID.value.split(separator: "-").last ?? "") ?? 0
                say("\(status.taskID.value) [\(commands[index])]: \(status.state.name) \(status.message)")
                if status.state != .taskFinished { failed += 1 }
                if pending.isEmpty && tracker.liveCount == 0 && tracker.states.count == commands.count {
                    await driver.stop(teardown: true)
                    return failed
                }
            case .error(let message):
                say("error from master: \(message)")
                await driver.stop()
                return failed + pending.count
            case .disconnected(let reason):
                say("disconnected (\(reason)); reconnecting")
            default:
                continue
            }
        }
        return failed
    }

    /// Prints a line and flushes it, so progress shows even when stdout is a file or a pipe.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}
