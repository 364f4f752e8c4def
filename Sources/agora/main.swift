import AgoraCommandLine
import Foundation

// `agora executor` starts once per task, so it skips argument parsing (and its
// reflection) entirely: every millisecond here is a millisecond of launch latency.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["executor"] {
    exit(ExecutorCommand.runExecutor())
}
await runCommandOnEventLoops(Agora.self, arguments)
