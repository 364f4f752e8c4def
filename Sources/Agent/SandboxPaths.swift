#if canImport(Glibc)
import Glibc
#endif

/// Why a files API path cannot be served: not there (404), or not allowed / not valid (400).
enum SandboxPathError: Error, Equatable {
    case notFound
    case inaccessible(String)
}

/// Resolves paths of the files API to files inside executor sandboxes, and nowhere else.
///
/// A path is a sandbox (`<work_dir>/slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<container>`,
/// as `/state` shows it in `directory`) or something below one; Mesos's virtual
/// `/frameworks/<framework>/executors/<executor>/runs/latest` names an executor's current
/// sandbox. The canonical path (symbolic links and `..` resolved) must stay inside the
/// canonical sandbox, so neither `..` nor a link planted in the sandbox leads out.
struct SandboxPaths: Sendable {
    /// The canonical work directory.
    let workDir: String

    init(workDir: String) {
        self.workDir = Self.canonical(workDir) ?? workDir
    }

    /// The real file for `path`; `latest` maps `<framework>/<executor>` to current sandboxes.
    func resolve(_ path: String, latest: [String: String]) throws(SandboxPathError) -> String {
        let (root, rest) = try self.split(path, latest: latest)
        guard let realRoot = Self.canonical(root) else { throw .notFound }
        guard realRoot.hasPrefix(self.workDir + "/slaves/") else { throw .inaccessible("'\(path)' is inaccessible") }
        let full = rest.isEmpty ? root : root + "/" + rest.joined(separator: "/")
        guard let real = Self.canonical(full) else {
            if errno == ENOENT || errno == ENOTDIR { throw .notFound }
            throw .inaccessible("Failed to determine canonical path of '\(full)': \(String(cString: strerror(errno)))")
        }
        guard real == realRoot || real.hasPrefix(realRoot + "/") else { throw .inaccessible("'\(path)' is inaccessible") }
        return real
    }

    /// The sandbox a path is in, and the components below it.
    private func split(_ path: String, latest: [String: String]) throws(SandboxPathError) -> (String, [String]) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // /frameworks/<f>/executors/<e>/runs/latest/...
        if parts.count >= 6, parts[0] == "frameworks", parts[2] == "executors", parts[4] == "runs", parts[5] == "latest" {
            guard let sandbox = latest[parts[1] + "/" + parts[3]] else { throw .notFound }
            return (sandbox, Array(parts.dropFirst(6)))
        }
        guard path.hasPrefix("/") else { throw .inaccessible("'\(path)' is not an absolute path") }
        let base = self.workDir.split(separator: "/").map(String.init)
        let layout = ["slaves", nil, "frameworks", nil, "executors", nil, "runs", nil]
        guard parts.count >= base.count + layout.count, Array(parts.prefix(base.count)) == base else { throw .notFound }
        let sandbox = Array(parts[base.count..<(base.count + layout.count)])
        for (name, expected) in zip(sandbox, layout) {
            guard name != "." && name != "..", expected == nil || name == expected else { throw .notFound }
        }
        let root = "/" + (base + sandbox).joined(separator: "/")
        return (root, Array(parts.dropFirst(base.count + layout.count)))
    }

    /// realpath(3), or nil (errno says why).
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
