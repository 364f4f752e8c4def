import AgentCore
import AgoraModel

#if canImport(Glibc)
import Glibc
#endif

/// The sandboxes of one agent as its files APIs (v0 `/files/...` and v1 `LIST_FILES` /
/// `READ_FILE`) see them: paths confined by `SandboxPaths`, Mesos's `runs/latest` names
/// resolved against the executors the agent knows now.
struct SandboxFiles: Sendable {
    let shell: AgentShell
    let paths: SandboxPaths

    /// The real file for a files API `path`.
    func resolve(_ path: String) async throws(SandboxPathError) -> String {
        try self.paths.resolve(path, latest: await self.latest())
    }

    /// The user of the framework whose sandbox holds the real path `resolved` (under
    /// `<work dir>/slaves/<agent>/frameworks/<framework>/`), if the agent knows it.
    func frameworkUser(of resolved: String) async -> String? {
        let relative = resolved.dropFirst(self.paths.workDir.count).split(separator: "/")
        guard let index = relative.firstIndex(of: "frameworks"), index + 1 < relative.count else { return nil }
        return await self.shell.core.frameworks[FrameworkID(String(relative[index + 1]))]?.user
    }

    /// `<framework>/<executor>` → the sandbox of the executor's current run.
    func latest() async -> [String: String] {
        let core = await self.shell.core
        var result: [String: String] = [:]
        for record in core.completedExecutors { result["\(record.frameworkID)/\(record.executorID)"] = record.sandbox }
        for (frameworkID, executors) in core.executors {
            for (executorID, record) in executors { result["\(frameworkID)/\(executorID)"] = record.sandbox }
        }
        return result
    }

    /// The entries of the directory at `resolved` (sorted by name, `.` and `..` left out), or
    /// the file itself when it is not a directory, as Mesos's browse answers; `virtual` is the
    /// path the caller asked for, which the entries' paths extend.
    static func entries(of resolved: String, virtual: String) -> [(path: String, info: stat)] {
        var own = stat()
        guard stat(resolved, &own) == 0 else { return [] }
        guard (own.st_mode & S_IFMT) == S_IFDIR else { return [(virtual, own)] }
        guard let directory = opendir(resolved) else { return [] }
        defer { closedir(directory) }
        var listing: [(path: String, info: stat)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            var info = stat()
            // An entry removed while listing is simply not listed.
            guard stat(resolved + "/" + name, &info) == 0 else { continue }
            listing.append((virtual.hasSuffix("/") ? virtual + name : virtual + "/" + name, info))
        }
        return listing.sorted { $0.path < $1.path }
    }
}
