@testable import Agent
import AgentCore
import AgoraModel
import AgoraPosix
import Foundation
import Testing

/// The checkpoint on disk: what is written reads back, a torn tail is tolerated, and what
/// cannot be read is refused with a message that says what to do.
@Suite struct CheckpointStoreTests {
    static func workDir() -> String {
        let path = NSTemporaryDirectory() + "agora-checkpoint-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let framework = FrameworkDescriptor(id: "F", name: "f", user: "u", checkpoint: true)
    static let location = TaskLocation(frameworkID: "F", executorID: "t1", containerID: "c1", taskID: "t1")

    static func write(_ store: inout CheckpointStore) throws {
        let agent = AgentDescriptor(id: "A", hostname: "h", ip: "127.0.0.1", port: 5099, resources: try Resources.parse("cpus:1"))
        let executor = ExecutorCheckpoint(
            frameworkID: "F", spec: ExecutorSpec(executorID: "t1", kind: .default), containerID: "c1", sandbox: "/sandbox",
            isCommandExecutor: true, isGeneratedForCommandTask: true)
        let task = TaskSpec(taskID: "t1", name: "t1", agentID: "A", resources: try Resources.parse("cpus:0.5"))
        let running = StatusUpdate(
            frameworkID: "F", status: TaskStatus(taskID: "t1", state: .running, source: .executor, uuid: Array(repeating: 1, count: 16)),
            latestState: .running)
        for change: CheckpointChange in [
            .agent(agent), .framework(Self.framework), .executor(executor), .task(Self.location, task), .update(Self.location, running),
            .acknowledgement(Self.location, uuid: Array(repeating: 1, count: 16)),
        ] {
            try store.write(change)
        }
    }

    @Test func whatIsWrittenReadsBack() throws {
        let workDir = Self.workDir()
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        var store = try CheckpointStore(workDir: workDir)
        try Self.write(&store)
        try store.writeProcess(ProcessIdentity.of(getpid())!, frameworkID: "F", executorID: "t1", containerID: "c1")
        var again = try CheckpointStore(workDir: workDir)
        let contents = try #require(try again.read())
        #expect(contents.agent.id == "A" && contents.agent.port == 5099)
        #expect(contents.frameworks.map(\.id) == ["F"] && contents.frameworks.first?.checkpoint == true)
        let run = try #require(contents.runs.first)
        #expect(run.executor.isAlive, "this test process is alive")
        #expect(run.executor.checkpoint.isGeneratedForCommandTask && run.executor.checkpoint.spec.payload.isEmpty)
        #expect(run.executor.checkpoint.sandbox == "/sandbox")
        let task = try #require(run.executor.tasks.first)
        #expect(task.spec.taskID == "t1")
        #expect(task.updates.map(\.status.state) == [.running])
        #expect(task.acknowledged == [Array(repeating: 1, count: 16)])
    }

    @Test func aTornLastRecordIsIgnored() throws {
        let workDir = Self.workDir()
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        var store = try CheckpointStore(workDir: workDir)
        try Self.write(&store)
        let log = try #require(store.taskDirectory(Self.location)) + "/task.updates"
        try DurableFile.append(Array("40\nU partial".utf8), to: log)
        var again = try CheckpointStore(workDir: workDir)
        let task = try #require(try again.read()?.runs.first?.executor.tasks.first)
        #expect(task.updates.count == 1)
    }

    @Test func aCorruptFileIsNamedInTheError() throws {
        let workDir = Self.workDir()
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        var store = try CheckpointStore(workDir: workDir)
        try Self.write(&store)
        let info = try #require(store.taskDirectory(Self.location)) + "/task.info"
        try DurableFile.write(Array(repeating: 0xFF, count: 7), to: info)
        var again = try CheckpointStore(workDir: workDir)
        do {
            _ = try again.read()
            Issue.record("a corrupt task.info was read")
        } catch {
            #expect(error.description.contains(info) && error.description.contains("--recover=cleanup"), "\(error)")
        }
    }

    @Test func aCheckpointOfAnotherFormatIsRefused() throws {
        let workDir = Self.workDir()
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        _ = try CheckpointStore(workDir: workDir)
        try DurableFile.write(Array("agora-agent-checkpoint 2\n".utf8), to: workDir + "/meta/VERSION")
        #expect(throws: CheckpointError.self) { try CheckpointStore(workDir: workDir) }
    }

    @Test func cleanupKillsTheCheckpointedProcessesAndForgetsThem() async throws {
        let workDir = Self.workDir()
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        var store = try CheckpointStore(workDir: workDir)
        try Self.write(&store)
        let pid = try Spawner.spawn(SpawnRequest(executable: "/bin/sleep", arguments: ["sleep", "300"], environment: [:]))
        try store.writeProcess(try #require(ProcessIdentity.of(pid)), frameworkID: "F", executorID: "t1", containerID: "c1")
        let killed = try CheckpointStore.cleanUp(workDir: workDir)
        #expect(killed.map(\.pid) == [pid])
        #expect(await ProcessReaper.shared.waitForExit(of: pid) & 0x7F == SIGKILL)
        var fresh = try CheckpointStore(workDir: workDir)
        #expect(try fresh.read()?.runs.isEmpty == true, "the identity stays, the runs are gone")
    }

    @Test func idsCannotEscapeTheirDirectory() {
        #expect(PathComponent.safe("../x") == "%2E./x".replacingOccurrences(of: "/", with: "%2F"))
        #expect(!PathComponent.safe("a/b").contains("/"))
        #expect(PathComponent.safe("..") != "..")
        #expect(PathComponent.safe("") == "%00")
        // Escaping is reversible: "%" itself is escaped, plain IDs are kept as they are.
        #expect(PathComponent.safe("a%2Fb") == "a%252Fb")
        #expect(PathComponent.safe("web.instance-1._app.1") == "web.instance-1._app.1")
    }
}
