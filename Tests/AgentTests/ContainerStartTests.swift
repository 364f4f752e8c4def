@testable import Agent
@testable import AgentCore
import AgoraModel
import AgoraPosix
import AgoraTestKit
import AgoraWire
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Containers start off the agent's actor: what the agent is asked meanwhile waits for the
/// start instead of missing it.
@Suite struct ContainerStartTests {
    @Test func aDestroyAskedWhileTheContainerStartsIsCarriedOutOnceItRuns() async throws {
        let directory = Paths.scratch("container-start")
        defer { Paths.discardScratch(directory) }
        let shell = try Self.shell(workDir: directory + "/work")
        let launch = try Self.launch(#"echo $$ > pid; exec sleep 60"#, sandbox: directory + "/sandbox")
        // One actor turn: the destroy comes while the container is still starting.
        await shell.apply([.launchExecutor(launch), .destroyContainer(launch.containerID, force: true)])
        // The kill may come before the executor's shell has written its pid (a clean-clone run
        // timed out waiting for it): what counts is that the agent saw the process end.
        try await eventually("the destroyed executor to be gone") {
            await shell.containers.count + shell.starting.count == 0
        }
        if let written = try? String(contentsOfFile: directory + "/sandbox/pid", encoding: .utf8), let pid = pid_t(written.trimmingCharacters(in: .whitespacesAndNewlines)) {
            #expect(kill(pid, 0) != 0, "the executor was killed, not left running")
        }
        let heldDestroys = await shell.destroyWhileStarting
        #expect(heldDestroys.isEmpty, "the held destroy was carried out")
    }

    static func shell(workDir: String) throws -> AgentShell {
        var settings = AgentSettings()
        settings.core.workDir = workDir
        var logger = Logger(label: "agent.test")
        logger.logLevel = .error
        return AgentShell(
            settings: settings, agent: AgentDescriptor(hostname: "localhost", resources: try Resources.parse("cpus:1;mem:128")),
            store: try CheckpointStore(workDir: workDir), recovered: nil,
            containerizer: Containerizer(isolation: IsolationSettings([]), mounts: CgroupMounts(), root: "agora"), logger: logger)
    }

    /// A custom executor running `command` with `sh -c`.
    static func launch(_ command: String, sandbox: String) throws -> ExecutorLaunch {
        let info = ProtoExecutorInfo.with {
            $0.executorID.value = "e1"
            $0.command.value = command
            $0.command.shell = true
        }
        return ExecutorLaunch(
            frameworkID: "F", executor: ExecutorSpec(executorID: "e1", payload: WirePayload(try info.serializedBytes())),
            containerID: "c1", sandbox: sandbox, isCommandExecutor: false, tasks: [], environment: ["PATH": "/usr/bin:/bin"],
            user: "root", checkpoint: false)
    }
}
