import AgoraModel
import AgoraPosix
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension CheckpointStore {
    /// `--recover=cleanup`: kills every executor process the checkpoint names (read from
    /// the pid files alone, so even a checkpoint that is otherwise unreadable is cleaned
    /// up), then discards what it held about frameworks, executors and tasks. The agent's
    /// identity stays. Returns the processes killed.
    static func cleanUp(workDir: String) throws -> [ProcessIdentity] {
        let root = workDir + "/meta"
        var killed: [ProcessIdentity] = []
        for path in Self.pidFiles(under: root + "/slaves") {
            guard let bytes = try DurableFile.read(path), let identity = ProcessIdentity(parsing: String(decoding: bytes, as: UTF8.self)),
                identity.isAlive
            else { continue }
            ProcessTree.signal(identity.pid, SIGKILL)
            killed.append(identity)
        }
        for agent in try Self.entries(root + "/slaves") where FileManager.default.fileExists(atPath: agent + "/frameworks") {
            try FileManager.default.removeItem(atPath: agent + "/frameworks")
        }
        if FileManager.default.fileExists(atPath: root + "/VERSION") { try FileManager.default.removeItem(atPath: root + "/VERSION") }
        return killed
    }

    /// Every `runs/<container>/pid` file below `directory`.
    private static func pidFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix("/pid") && relative.contains("/runs/") { files.append(directory + "/" + relative) }
        }
        return files.sorted()
    }
}
