#if canImport(Glibc)
import Glibc
#endif

/// Small files written so that a crash leaves either the old content or the new, never a
/// mix: write a temporary file next to the target, optionally `fsync` it, `rename` it
/// over the target (and `fsync` the directory, so the rename itself is durable).
public enum DurableFile {
    /// Replaces `path` with `bytes` atomically. With `sync`, the data and the rename
    /// survive a power loss too, not only a crash of this process.
    public static func write(_ bytes: [UInt8], to path: String, sync: Bool = false) throws(SystemError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open \(temporary)") }
        defer { close(fd) }
        try self.writeAll(bytes, to: fd, path: temporary)
        if sync && fsync(fd) != 0 { throw SystemError("fsync \(temporary)") }
        guard rename(temporary, path) == 0 else { throw SystemError("rename \(temporary) to \(path)") }
        if sync { try self.syncDirectory(of: path) }
    }

    /// Appends `bytes` to `path` (created if missing) in one `write`, so a crash can only
    /// cut off the end of the file, never interleave records.
    public static func append(_ bytes: [UInt8], to path: String) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        try self.writeAll(bytes, to: fd, path: path)
    }

    /// The whole content of `path`, or nil when it does not exist.
    public static func read(_ path: String) throws(SystemError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw SystemError("open \(path)")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw SystemError("read \(path)") }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw SystemError("write \(path)") }
            offset += written
        }
    }

    private static func syncDirectory(of path: String) throws(SystemError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(directory)") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw SystemError("fsync \(directory)") }
    }
}
