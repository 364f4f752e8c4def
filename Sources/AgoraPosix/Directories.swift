#if canImport(Glibc)
import Glibc
#endif

/// `mkdir -p` with plain system calls: one `mkdir` when the parent exists (the common case
/// for sandboxes), walking up only when it does not.
public enum Directories {
    public static func create(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
        if mkdir(path, mode) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
            throw SystemError("mkdir \(path)")
        }
        try self.create(String(path[..<slash]), mode: mode)
        if mkdir(path, mode) != 0 && errno != EEXIST { throw SystemError("mkdir \(path)") }
    }
}

extension Directories {
    /// `chown -R` without following symlinks: `path` and everything under it becomes
    /// `uid`:`gid` (a sandbox handed to the user its tasks run as).
    public static func changeOwner(of path: String, uid: uid_t, gid: gid_t) throws(SystemError) {
        guard lchown(path, uid, gid) == 0 else { throw SystemError("chown \(path)") }
        guard let handle = opendir(path) else {
            if errno == ENOTDIR { return }
            throw SystemError("opendir \(path)")
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) {
                try self.changeOwner(of: path + "/" + name, uid: uid, gid: gid)
            } else if lchown(path + "/" + name, uid, gid) != 0 {
                throw SystemError("chown \(path)/\(name)")
            }
        }
    }
}
