import Foundation

/// The few file-system steps the SQLite store takes around SQLite itself.
enum FileSystem {
    /// `mkdir -p` of the directory that will hold `path`.
    static func createParentDirectory(of path: String) throws(StateStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unavailable("cannot create directory \(directory) for the state store: \(error)")
        }
    }

    /// Makes a new file's directory entry durable (SQLite syncs its journals' entries itself,
    /// not the database file's).
    static func syncDirectory(of path: String) throws(StateStoreError) {
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("cannot open \(directory) to sync it: \(Self.errorText())") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io("cannot sync directory \(directory): \(Self.errorText())") }
    }

    /// errno's text.
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
