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
