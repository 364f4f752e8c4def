import AgentCore
import AgoraHTTP
import AgoraModel
import AgoraSecurity
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
    let files: SandboxFiles
    /// `access_sandboxes` on the user of the sandbox's framework; `get_endpoints` on
    /// `/files/debug`.
    let policy: AccessPolicy
    /// Mesos caps one read at 16 pages.
    static let maxReadLength = 16 * 4096

    func register(on router: Router<AgoraRequestContext>) {
        for suffix in ["", ".json"] {
            router.get(RouterPath("/files/browse" + suffix)) { request, context in await self.browse(request, context) }
            router.get(RouterPath("/files/read" + suffix)) { request, context in await self.read(request, context) }
            router.get(RouterPath("/files/download" + suffix)) { request, context in await self.download(request, context) }
            router.get(RouterPath("/files/debug" + suffix)) { request, context in
                guard self.policy.allows("get_endpoints", principal: context.principal, object: "/files/debug") else {
                    return Response.text(.forbidden, "Not authorized to GET /files/debug\n")
                }
                return Self.json(.object(await self.files.latest().sorted { $0.key < $1.key }.map {
                ("/frameworks/\($0.key.replacingOccurrences(of: "/", with: "/executors/"))/runs/latest", .string($0.value))
            }), request) }
        }
    }

    private func browse(_ request: Request, _ context: AgoraRequestContext) async -> Response {
        let (resolved, failure) = await self.resolve(request, context)
        guard let resolved, let path = request.uri.queryParameters.get("path") else { return failure! }
        return Self.json(.array(SandboxFiles.entries(of: resolved, virtual: path).map { FileInfo.json(path: $0.path, $0.info) }), request)
    }

    private func read(_ request: Request, _ context: AgoraRequestContext) async -> Response {
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
        let (resolved, failure) = await self.resolve(request, context)
        guard let resolved else { return failure! }
        do {
            let (data, at, _) = try FileReading.read(resolved, offset: offset, length: length, cap: Self.maxReadLength)
            return Self.json(.object([("data", .string(String(decoding: data, as: UTF8.self))), ("offset", .int(at))]), request)
        } catch {
            return error.response
        }
    }

    private func download(_ request: Request, _ context: AgoraRequestContext) async -> Response {
        let (resolved, failure) = await self.resolve(request, context)
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

    /// The real path of `?path=`, or the response explaining why there is none (403 when
    /// the ACLs keep the principal out of that framework's sandboxes).
    private func resolve(_ request: Request, _ context: AgoraRequestContext) async -> (String?, Response?) {
        guard let path = request.uri.queryParameters.get("path"), !path.isEmpty else {
            return (nil, .text(.badRequest, "Expecting 'path=value' in query.\n"))
        }
        do throws(SandboxPathError) {
            let resolved = try await self.files.resolve(path)
            if self.policy.acls != nil {
                let user = await self.files.frameworkUser(of: resolved)
                guard self.policy.allows("access_sandboxes", principal: context.principal, object: user) else {
                    return (nil, .text(.forbidden, "Not authorized to access this sandbox\n"))
                }
            }
            return (resolved, nil)
        } catch {
            switch error {
            case .notFound: return (nil, .text(.notFound))
            case .inaccessible(let why): return (nil, .text(.badRequest, why + ".\n"))
            }
        }
    }

    /// JSON, or JSONP when `?jsonp=` names a callback.
    static func json(_ value: JSONValue, _ request: Request) -> Response {
        guard let callback = request.uri.queryParameters.get("jsonp"), !callback.isEmpty else { return .json(value) }
        let body = Array(callback.utf8) + Array("(".utf8) + value.bytes + Array(");".utf8)
        return Response(status: .ok, headers: [.contentType: "text/javascript"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
