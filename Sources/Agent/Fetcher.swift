import AgoraPosix
import AgoraWire
import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One `CommandInfo.URI` to fetch into a sandbox.
struct FetchURI: Hashable, Sendable {
    var value: String
    var executable = false
    var extract = true
    var cache = false
    var outputFile: String?

    init(_ uri: Agora_V1_CommandInfo.URI) {
        self.value = uri.value
        self.executable = uri.executable
        self.extract = uri.extract
        self.cache = uri.cache
        self.outputFile = uri.hasOutputFile && !uri.outputFile.isEmpty ? uri.outputFile : nil
    }

    init(value: String, executable: Bool = false, extract: Bool = true, cache: Bool = false, outputFile: String? = nil) {
        self.value = value
        self.executable = executable
        self.extract = extract
        self.cache = cache
        self.outputFile = outputFile
    }
}

/// A URI that could not be fetched; the message names it.
struct FetchError: Error, CustomStringConvertible {
    let description: String
    init(_ uri: String, _ why: String) { self.description = "Failed to fetch '\(uri)': \(why)" }
}

/// Mesos's fetcher: puts a task's URIs into its sandbox before the executor starts —
/// `http://`, `https://`, `file://` and absolute paths; archives (`.tar`, `.tar.gz`/`.tgz`,
/// `.tar.xz`/`.txz`, `.tar.bz2`, `.zip`) extracted unless `extract` is false; `executable`
/// files made so; `output_file` naming the result; `cache` keeping a copy in a cache of
/// bounded size for the next task that wants the same URI.
struct Fetcher: Sendable {
    let cache: FetchCache
    let http: HTTPClient
    let timeout: Duration

    /// Fetches every URI into `sandbox`, in order; the first failure ends it.
    func fetch(_ uris: [FetchURI], into sandbox: String) async throws(FetchError) {
        for uri in uris { try await self.fetch(uri, into: sandbox) }
    }

    private func fetch(_ uri: FetchURI, into sandbox: String) async throws(FetchError) {
        let name = try Self.destinationName(uri)
        let destination = sandbox + "/" + name
        do {
            if uri.cache {
                let cached = try await self.cache.file(for: uri.value) { path in try await self.download(uri.value, to: path) }
                try Self.copy(cached, to: destination)
            } else {
                try await self.download(uri.value, to: destination)
            }
            if uri.executable {
                guard chmod(destination, 0o755) == 0 else { throw SystemError("chmod \(destination)") }
            } else if uri.extract, let archive = ArchiveKind(name) {
                try await archive.extract(destination, into: sandbox)
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(uri.value, "\(error)")
        }
    }

    /// `output_file` (a plain relative path), else the last component of the URI's path.
    static func destinationName(_ uri: FetchURI) throws(FetchError) -> String {
        if let output = uri.outputFile {
            guard !output.hasPrefix("/"), !output.split(separator: "/").contains("..") else {
                throw FetchError(uri.value, "output_file '\(output)' must be a path inside the sandbox")
            }
            return output
        }
        let path = URLComponents(string: uri.value)?.path ?? uri.value
        guard let name = path.split(separator: "/").last.map(String.init), !name.isEmpty, name != "..", name != "." else {
            throw FetchError(uri.value, "the URI names no file; set output_file")
        }
        return name
    }

    /// Puts the resource named by `uri` at `path`.
    func download(_ uri: String, to path: String) async throws {
        if uri.hasPrefix("http://") || uri.hasPrefix("https://") {
            try await self.downloadHTTP(uri, to: path)
        } else if uri.hasPrefix("file://") {
            try Self.copy(String(uri.dropFirst("file://".count)), to: path)
        } else if uri.hasPrefix("/") {
            try Self.copy(uri, to: path)
        } else {
            throw FetchError(uri, "unsupported URI (use http://, https://, file:// or an absolute path)")
        }
    }

    private func downloadHTTP(_ uri: String, to path: String) async throws {
        let response = try await self.http.execute(HTTPClientRequest(url: uri), timeout: TimeAmount(self.timeout))
        guard (200..<300).contains(response.status.code) else { throw FetchError(uri, "HTTP \(response.status.code)") }
        let temporary = path + ".fetching"
        let fd = try Self.create(temporary)
        do {
            defer { close(fd) }
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { bytes throws(SystemError) in try Self.write(bytes, to: fd, path: temporary) }
            }
        }
        guard rename(temporary, path) == 0 else { throw SystemError("rename \(temporary)") }
    }

    /// Copies a local file (parent directories of `destination` are created).
    static func copy(_ source: String, to destination: String) throws {
        guard let bytes = try DurableFile.read(source) else { throw SystemError("open \(source)", code: ENOENT) }
        try Self.createParent(of: destination)
        try DurableFile.write(bytes, to: destination)
    }

    private static func create(_ path: String) throws -> Int32 {
        try Self.createParent(of: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        return fd
    }

    private static func createParent(of path: String) throws {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex { try Directories.create(String(path[..<slash])) }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw SystemError("write \(path)") }
            offset += written
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
