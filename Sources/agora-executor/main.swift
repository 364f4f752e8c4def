// `agora-executor`: the built-in command executor as a small binary of its own. Agents
// start one per command task, so start-up time is launch latency; this binary links only
// the executor (no servers, no HTTP client library) and starts several times faster than
// the full `agora` binary, which offers the same executor as `agora executor`.
import Executor
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

let environment: ExecutorEnvironment
do {
    environment = try ExecutorEnvironment(ProcessInfo.processInfo.environment)
} catch {
    StandardError.write("agora-executor: \(error)\n")
    exit(2)
}
exit(await CommandExecutor(session: ExecutorSession(environment: environment)).run())
