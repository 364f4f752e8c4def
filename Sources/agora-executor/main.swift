// `agora-executor`: the built-in command executor as a small binary of its own. Agents
// start one per command task, so start-up time is launch latency; this binary links only
// the executor (no Foundation, no servers) and starts in about a millisecond. The full
// `agora` binary offers the same executor as `agora executor`.
import AgoraPosix
import CommandExecutor

#if canImport(Glibc)
import Glibc
#endif

do {
    let environment = try ExecutorEnvironment(Spawner.currentEnvironment)
    exit(CommandExecutor(environment: environment).run())
} catch {
    StandardError.write("agora-executor: \(error)\n")
    exit(2)
}
