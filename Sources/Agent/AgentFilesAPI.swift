import AgentCore
import AgoraHTTP
import AgoraServer
import HTTPTypes
import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The sandbox files API in Mesos's v0 shape: `/files/browse`, `/files/read`,
/// `/files/download` (also with `.json`), `/files/debug`, confined to executor sandboxes
/// (see `SandboxPaths`). GETs accept `?jsonp=<callback>` like Mesos's.
struct AgentFilesAPI {
    let shell: AgentShell
    let paths: SandboxPaths
    /// Mesos caps one read at 16 pages.
    static let maxReadLength = 16 * 4096

    func register(on router: Router<AgoraRequestContext>) {
        for suffix in ["", ".json"] {
            router.get(RouterPath("/files/browse" + suffix)) { request, _ in await self.browse(request) }
            router.get(RouterPath("/files/read" + suffix)) { request, _ in await self.read(request) }
            router.get(RouterPath("/files/download" + suffix)) { request, _ in await self.download(request) }
            router.get(RouterPath("/files/debug" + suffix)) { request, _ in Self.json(.object(await self.latest().sorted { $0.key < $1.key }.map {
                ("/frameworks/\($0.key.replacingOccurrences(of: "/", with: "/executors/"))/runs/latest", .string($0.value))
            }), request) }
        }
    }

    private func browse(_ request: Request) async -> Response {
        let (resolved, failure) = await self.resolve(request)
        guard let resolved, let path = request.uri.queryParameters.get("path") else { return failure! }
        var listing: [(String, JSONValue)] = []
        if let directory = opendir(resolved) {
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name != "." && name != ".." else { continue }
                var info = stat()
                guard stat(resolved + "/" + name, &info) == 0 else { continue }
                let virtual = path.hasSuffix("/") ? path + name : path + "/" + name
                listing.append((name, FileInfo.json(path: virtual, info)))
            }
        }
        return Self.json(.array(listing.sorted { $0.0 < $1.0 }.map(\.1)), request)
    }

    private func read(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        var offset: Int64 = -1
        var length: Int64 = -1
        if let text = query.get("offset") {
            guard let value = Int64(text) else { return .text(.badRequest, "Failed to parse offset: Failed to convert '\(text)' to number.\n") }
            offset = value
        }
        if let text = query.get("length") {
            guard let value = Int64(text) else { return .text(.badRequest, "Failed to parse length: Failed to convert '\(text)' to number.\n") }
            length = value
        }
        let (resolved, failure) = await self.resolve(request)
        guard let resolved else { return failure! }
        do {
            let (data, at) = try FileReading.read(resolved, offset: offset, length: length, cap: Self.maxReadLength)
            return Self.json(.object([("data", .string(String(decoding: data, as: UTF8.self))), ("offset", .int(at))]), request)
        } catch {
            return error.response
        }
    }

    private func download(_ request: Request) async -> Response {
        let (resolved, failure) = await self.resolve(request)
        guard let resolved else { return failure! }
        let fd = open(resolved, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .text(.internalServerError, "Failed to open file at '\(resolved)': \(String(cString: strerror(errno)))\n") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            return .text(.badRequest, "Cannot download a directory.\n")
        }
        let name = resolved.split(separator: "/").last.map(String.init) ?? "file"
        let headers: HTTPFields = [.contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\(name)"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { close(fd) }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                try await writer.write(ByteBuffer(bytes: chunk[0..<count]))
            }
            try await writer.finish(nil)
        })
    }

    /// The real path of `?path=`, or the response explaining why there is none.
    private func resolve(_ request: Request) async -> (String?, Response?) {
        guard let path = request.uri.queryParameters.get("path"), !path.isEmpty else {
            return (nil, .text(.badRequest, "Expecting 'path=value' in query.\n"))
        }
        let latest = await self.latest()
        do throws(SandboxPathError) {
            return (try self.paths.resolve(path, latest: latest), nil)
        } catch {
            switch error {
            case .notFound: return (nil, .text(.notFound))
            case .inaccessible(let why): return (nil, .text(.badRequest, why + ".\n"))
            }
        }
    }

    /// `<framework>/<executor>` → the sandbox of the executor's current run.
    private func latest() async -> [String: String] {
        let core = await self.shell.core
        var result: [String: String] = [:]
        for record in core.completedExecutors { result["\(record.frameworkID)/\(record.executorID)"] = record.sandbox }
        for (frameworkID, executors) in core.executors {
            for (executorID, record) in executors { result["\(frameworkID)/\(executorID)"] = record.sandbox }
        }
        return result
    }

    /// JSON, or JSONP when `?jsonp=` names a callback.
    static func json(_ value: JSONValue, _ request: Request) -> Response {
        guard let callback = request.uri.queryParameters.get("jsonp"), !callback.isEmpty else { return .json(value) }
        let body = Array(callback.utf8) + Array("(".utf8) + value.bytes + Array(");".utf8)
        return Response(status: .ok, headers: [.contentType: "text/javascript"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
