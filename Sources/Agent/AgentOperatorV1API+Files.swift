import AgentCore
import AgoraHTTP
import AgoraProto
import AgoraServer
import Foundation
import Hummingbird

#if canImport(Glibc)
import Glibc
#endif

/// LIST_FILES, READ_FILE and GET_CONTAINERS: the agent's sandboxes and containers through the
/// v1 operator API, with the paths and confinement of the v0 files API (`SandboxFiles`).
extension AgentOperatorV1API {
    /// LIST_FILES: the entries of a sandbox directory (or the file itself), as Mesos answers.
    func listFiles(_ call: AgentOperatorCall.ListFiles, encoding: MessageEncoding) async -> Response {
        let resolved: String
        switch await self.resolve(call.path) {
        case .failure(let error): return error.response
        case .success(let path): resolved = path
        }
        var response = AgentOperatorResponse()
        response.type = .listFiles
        response.listFiles.fileInfos = SandboxFiles.entries(of: resolved, virtual: call.path).map { Self.fileInfo(path: $0.path, $0.info) }
        return .encoded(response, encoding: encoding)
    }

    /// READ_FILE: up to `length` bytes (at most 16 pages, as Mesos caps them) from `offset`,
    /// and the file's size; past the end, no data.
    func readFile(_ call: AgentOperatorCall.ReadFile, encoding: MessageEncoding) async -> Response {
        let resolved: String
        switch await self.resolve(call.path) {
        case .failure(let error): return error.response
        case .success(let path): resolved = path
        }
        let offset = Int64(clamping: call.offset)
        let length = call.hasLength ? Int64(clamping: call.length) : -1
        do {
            let read = try FileReading.read(resolved, offset: offset, length: length, cap: AgentFilesAPI.maxReadLength)
            var response = AgentOperatorResponse()
            response.type = .readFile
            response.readFile.size = UInt64(read.size)
            response.readFile.data = Data(read.data)
            return .encoded(response, encoding: encoding)
        } catch {
            return error.response
        }
    }

    /// GET_CONTAINERS: one entry per executor container the agent runs, with its process id
    /// and its resource statistics (what `/monitor/statistics` shows).
    func containers(encoding: MessageEncoding) async -> Response {
        let (core, processes, usage) = await (self.shell.core, self.shell.containers, self.shell.containerStatistics())
        let statistics = Dictionary(usage.map { ($0.containerID, $0.statistics) }, uniquingKeysWith: { first, _ in first })
        let records = core.executors.values.flatMap(\.values).sorted { ($0.frameworkID, $0.executorID) < ($1.frameworkID, $1.executorID) }
        var response = AgentOperatorResponse()
        response.type = .getContainers
        response.getContainers.containers = records.map { record in
            AgentOperatorResponse.GetContainers.Container.with { container in
                container.frameworkID.value = record.frameworkID.value
                container.executorID.value = record.executorID.value
                if record.spec.proto.hasName { container.executorName = record.spec.proto.name }
                container.containerID.value = record.containerID.value
                container.containerStatus.containerID.value = record.containerID.value
                if let pid = processes[record.containerID] { container.containerStatus.executorPid = UInt32(pid) }
                if let usage = statistics[record.containerID] { container.resourceStatistics = usage.proto }
            }
        }
        return .encoded(response, encoding: encoding)
    }

    /// The real file for a v1 `path`, or the answer Mesos gives when there is none.
    private func resolve(_ path: String) async -> Result<String, FileReadError> {
        guard !path.isEmpty else { return .failure(FileReadError(status: .badRequest, message: "Expecting 'path' to be non-empty")) }
        do throws(SandboxPathError) {
            return .success(try await self.files.resolve(path))
        } catch {
            switch error {
            case .notFound: return .failure(FileReadError(status: .notFound, message: "Failed to find '\(path)'"))
            case .inaccessible(let why): return .failure(FileReadError(status: .badRequest, message: why))
            }
        }
    }

    static func fileInfo(path: String, _ info: stat) -> Agora_V1_FileInfo {
        Agora_V1_FileInfo.with { file in
            file.path = path
            file.nlink = Int32(clamping: info.st_nlink)
            file.size = UInt64(clamping: info.st_size)
            file.mtime.nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            file.mode = UInt32(info.st_mode)
            file.uid = FileInfo.userName(info.st_uid)
            file.gid = FileInfo.groupName(info.st_gid)
        }
    }
}
