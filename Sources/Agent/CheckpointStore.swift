import AgentCore
import AgoraModel
import AgoraPosix
import AgoraRecordIO
import AgoraWire
import Foundation

/// The agent's checkpoint under `<work_dir>/meta`, laid out as Mesos's:
///
/// ```
/// meta/VERSION                                  format version
/// meta/slaves/latest                            the agent's ID
/// meta/slaves/<agent>/slave.json                ID and address
/// meta/slaves/<agent>/frameworks/<fw>/framework.info
/// .../executors/<executor>/runs/<container>/executor.json
/// .../runs/<container>/pid                      pid, start time, boot ID
/// .../runs/<container>/tasks/<task>/task.info
/// .../runs/<container>/tasks/<task>/task.updates   updates and acknowledgements, appended
/// ```
///
/// Whole files are replaced atomically (write, rename); the identity is also synced to
/// disk. Executors and their updates are not synced: they matter only while the host
/// stays up (a reboot ends every executor anyway), and a sync per update would cost
/// milliseconds per task. `task.updates` is append-only, so a crash can only cut off its
/// last record, which recovery ignores.
struct CheckpointStore: Sendable {
    static let formatVersion = 1
    static let versionLine = "agora-agent-checkpoint"

    let root: String
    var agentID: AgentID?

    /// Opens (or creates) the checkpoint of `workDir`; refuses one written in another format.
    init(workDir: String) throws(CheckpointError) {
        self.root = workDir + "/meta"
        do {
            try Directories.create(self.root)
            guard let bytes = try DurableFile.read(self.root + "/VERSION") else {
                try DurableFile.write(Array("\(Self.versionLine) \(Self.formatVersion)\n".utf8), to: self.root + "/VERSION", sync: true)
                return
            }
            try Self.checkVersion(String(decoding: bytes, as: UTF8.self), at: self.root)
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("cannot open the checkpoint in \(self.root): \(error)")
        }
    }

    static func checkVersion(_ text: String, at root: String) throws(CheckpointError) {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == Self.versionLine, let version = Int(words[1]) else {
            throw CheckpointError(
                "\(root)/VERSION is not an agent checkpoint version ('\(text.prefix(60))'); the checkpoint is corrupt. "
                    + "Start the agent with --recover=cleanup to kill the executors it names and start afresh.")
        }
        guard version == Self.formatVersion else {
            throw CheckpointError(
                "the checkpoint in \(root) has format \(version), this agent reads format \(Self.formatVersion) "
                    + "(written by \(version > Self.formatVersion ? "a newer" : "an older") agent). Run that agent version, "
                    + "or start with --recover=cleanup to kill its executors and discard it.")
        }
    }

    // MARK: - Paths

    var slavesDirectory: String { self.root + "/slaves" }

    func agentDirectory(_ id: AgentID) -> String { self.slavesDirectory + "/" + PathComponent.safe(id.value) }

    func frameworkDirectory(_ id: FrameworkID) -> String? {
        self.agentID.map { self.agentDirectory($0) + "/frameworks/" + PathComponent.safe(id.value) }
    }

    func runDirectory(_ frameworkID: FrameworkID, _ executorID: ExecutorID, _ containerID: ContainerID) -> String? {
        self.frameworkDirectory(frameworkID).map {
            $0 + "/executors/" + PathComponent.safe(executorID.value) + "/runs/" + PathComponent.safe(containerID.value)
        }
    }

    func taskDirectory(_ location: TaskLocation) -> String? {
        self.runDirectory(location.frameworkID, location.executorID, location.containerID).map {
            $0 + "/tasks/" + PathComponent.safe(location.taskID.value)
        }
    }
}
