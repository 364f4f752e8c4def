import NIOCore
import NIOPosix

// Like the servers, the benchmark's framework runs Swift concurrency on NIO's threads.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await runCommand(AgoraBench.self, Array(CommandLine.arguments.dropFirst()))
