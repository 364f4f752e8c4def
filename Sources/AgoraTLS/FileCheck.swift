#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the files TLS names can be read: the system's answer by default, a table in tests.
public struct FileCheck: Sendable {
    /// nil when `path` is a file this process can read, else why not.
    public var readableFile: @Sendable (String) -> String?
    /// nil when `path` is a directory this process can read, else why not.
    public var readableDirectory: @Sendable (String) -> String?

    public init(readableFile: @escaping @Sendable (String) -> String?, readableDirectory: @escaping @Sendable (String) -> String?) {
        self.readableFile = readableFile
        self.readableDirectory = readableDirectory
    }

    /// Asks the file system (stat and access).
    public static let system = FileCheck(
        readableFile: { path in FileCheck.check(path, directory: false) },
        readableDirectory: { path in FileCheck.check(path, directory: true) })

    private static func check(_ path: String, directory: Bool) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read it: \(String(cString: strerror(errno)))" }
        let isDirectory = (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR)
        if isDirectory != directory { return directory ? "not a directory" : "is a directory, not a file" }
        guard access(path, directory ? R_OK | X_OK : R_OK) == 0 else { return "cannot read it: \(String(cString: strerror(errno)))" }
        return nil
    }
}
