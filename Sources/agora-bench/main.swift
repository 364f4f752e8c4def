import AgoraCommandLine

await runCommandOnEventLoops(AgoraBench.self, Array(CommandLine.arguments.dropFirst()))
