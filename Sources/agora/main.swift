import Foundation
import NIOCore
import NIOPosix

// `agora executor` starts once per task, so it skips argument parsing (and its
// reflection) entirely: every millisecond here is a millisecond of launch latency.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["executor"] {
    exit(ExecutorCommand.runExecutor())
}

// The servers do all their I/O on NIO's event loops; running Swift concurrency on those
// same threads saves a thread hop (and a wake-up) on every request and event.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await runCommand(Agora.self, arguments)
