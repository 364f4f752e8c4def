import AgoraHTTP
import Hummingbird

#if canImport(Glibc)
import Glibc
#endif

/// A file read that went wrong, as the files API answers it.
struct FileReadError: Error {
    let status: HTTPResponse.Status
    let message: String
    var response: Response { .text(self.status, self.message) }
}

/// Mesos's `/files/read` semantics over one file.
enum FileReading {
    /// Reads from `offset` (-1: the end, so the answer tells the size) up to `length`
    /// bytes (-1: the rest), at most `cap`. Past the end: no data, the size as offset.
    /// Answers the data, the offset it starts at and the file's size.
    static func read(_ path: String, offset: Int64, length: Int64, cap: Int) throws(FileReadError) -> (data: [UInt8], offset: Int64, size: Int64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(status: .internalServerError, message: "Failed to open file at '\(path)': \(String(cString: strerror(errno))).\n") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(status: .internalServerError, message: "Failed to stat '\(path)'.\n") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw FileReadError(status: .badRequest, message: "Cannot read a directory.\n") }
        let size = Int64(info.st_size)
        let start = offset == -1 ? size : offset
        guard start >= 0 else { throw FileReadError(status: .badRequest, message: "Negative offset provided: \(offset).\n") }
        let wanted = min(length == -1 ? size - start : length, Int64(cap))
        guard start < size, wanted > 0 else { return ([], start >= size ? size : start, size) }
        var data = [UInt8](repeating: 0, count: Int(wanted))
        let count = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        guard count >= 0 else { throw FileReadError(status: .internalServerError, message: "Failed to read '\(path)': \(String(cString: strerror(errno))).\n") }
        return (Array(data.prefix(count)), start, size)
    }
}
