import AgentCore
import AgoraModel
import AgoraPosix
import AgoraRecordIO
import AgoraWire
import Foundation

/// An executor run read from the checkpoint, with the process it ran as.
struct CheckpointedRun {
    var executor: RecoveredExecutor
    var process: ProcessIdentity?
}

/// Everything the checkpoint holds.
struct CheckpointContents {
    var agent: AgentIdentityFile
    var frameworks: [FrameworkDescriptor] = []
    var runs: [CheckpointedRun] = []
}

extension CheckpointStore {
    /// Reads the checkpoint back; nil when the agent never registered. A file that
    /// cannot be read is an error naming it (a torn last record of an update log is not:
    /// a crash mid-append leaves one, and it was never acknowledged to anyone).
    mutating func read() throws(CheckpointError) -> CheckpointContents? {
        do {
            guard let latest = try DurableFile.read(self.slavesDirectory + "/latest") else { return nil }
            let id = AgentID(String(decoding: latest, as: UTF8.self))
            self.agentID = id
            let identityPath = self.agentDirectory(id) + "/slave.json"
            guard let identity = try DurableFile.read(identityPath) else { throw CheckpointError("\(identityPath) is missing") }
            var contents = CheckpointContents(agent: try Self.decode(AgentIdentityFile.self, identity, path: identityPath))
            for frameworkDirectory in try Self.entries(self.agentDirectory(id) + "/frameworks") {
                try self.readFramework(frameworkDirectory, into: &contents)
            }
            return contents
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("cannot read the checkpoint in \(self.root): \(error). "
                + "Start the agent with --recover=cleanup to kill the executors it names and start afresh.")
        }
    }

    private func readFramework(_ directory: String, into contents: inout CheckpointContents) throws {
        let path = directory + "/framework.info"
        guard let bytes = try DurableFile.read(path) else { return }
        let info: ProtoFrameworkInfo
        do { info = try ProtoFrameworkInfo(serializedBytes: bytes, partial: true) } catch { throw Self.corrupt(path, "\(error)") }
        let framework = FrameworkDescriptor(proto: info)
        guard let id = framework.id else { throw Self.corrupt(path, "no framework ID") }
        contents.frameworks.append(framework)
        for executorDirectory in try Self.entries(directory + "/executors") {
            for runDirectory in try Self.entries(executorDirectory + "/runs") {
                if let run = try self.readRun(runDirectory, of: id) { contents.runs.append(run) }
            }
        }
    }

    private func readRun(_ directory: String, of frameworkID: FrameworkID) throws -> CheckpointedRun? {
        let path = directory + "/executor.json"
        guard let bytes = try DurableFile.read(path) else { return nil }
        let file = try Self.decode(ExecutorRunFile.self, bytes, path: path)
        let checkpoint: ExecutorCheckpoint
        do { checkpoint = try file.checkpoint(of: frameworkID) } catch { throw Self.corrupt(path, "\(error)") }
        let process = try DurableFile.read(directory + "/pid").flatMap { ProcessIdentity(parsing: String(decoding: $0, as: UTF8.self)) }
        var tasks: [RecoveredTask] = []
        for taskDirectory in try Self.entries(directory + "/tasks") {
            if let task = try Self.readTask(taskDirectory) { tasks.append(task) }
        }
        let executor = RecoveredExecutor(checkpoint: checkpoint, tasks: tasks, isAlive: process?.isAlive ?? false)
        return CheckpointedRun(executor: executor, process: process)
    }

    private static func readTask(_ directory: String) throws -> RecoveredTask? {
        let path = directory + "/task.info"
        guard let bytes = try DurableFile.read(path) else { return nil }
        let spec: TaskSpec
        do { spec = try TaskSpec(proto: try ProtoTaskInfo(serializedBytes: bytes, partial: true)) } catch { throw Self.corrupt(path, "\(error)") }
        var task = RecoveredTask(spec: spec)
        let log = directory + "/task.updates"
        var decoder = RecordIODecoder()
        for record in try decoder.decode(try DurableFile.read(log) ?? []) {
            do {
                switch try UpdateLogRecord(decoding: record) {
                case .update(let update): task.updates.append(update)
                case .acknowledgement(let uuid): task.acknowledged.insert(uuid)
                }
            } catch {
                throw Self.corrupt(log, "\(error)")
            }
        }
        return task
    }

    // MARK: - Helpers

    /// Full paths of the entries of a directory, sorted; none when it does not exist.
    static func entries(_ directory: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { !$0.hasSuffix(".tmp") }.sorted().map { directory + "/" + $0 }
    }

    static func corrupt(_ path: String, _ why: String) -> CheckpointError {
        CheckpointError("the checkpoint file \(path) is unreadable (\(why)). "
            + "Start the agent with --recover=cleanup to kill the executors it names and start afresh.")
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], path: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch { throw Self.corrupt(path, "\(error)") }
    }
}
