import AgentCore
import AgoraModel
import AgoraPosix
import AgoraRecordIO
import AgoraWire
import Foundation

extension CheckpointStore {
    /// Writes one change. Throws when it could not be made durable.
    mutating func write(_ change: CheckpointChange) throws {
        switch change {
        case .agent(let agent):
            try self.writeAgent(agent)
        case .framework(let framework):
            guard let id = framework.id, let directory = self.frameworkDirectory(id) else { return }
            try Directories.create(directory)
            try DurableFile.write(try framework.proto.serializedBytes(partial: true), to: directory + "/framework.info")
        case .executor(let executor):
            guard let directory = self.runDirectory(executor.frameworkID, executor.spec.executorID, executor.containerID) else { return }
            try Directories.create(directory + "/tasks")
            try DurableFile.write(Array(try JSONEncoder().encode(ExecutorRunFile(executor))), to: directory + "/executor.json")
        case .task(let location, let task):
            guard let directory = self.taskDirectory(location) else { return }
            try Directories.create(directory)
            try DurableFile.write(try task.proto.serializedBytes(partial: true), to: directory + "/task.info")
        case .update(let location, let update):
            try self.appendRecord(.update(update), for: location)
        case .acknowledgement(let location, let uuid):
            try self.appendRecord(.acknowledgement(uuid), for: location)
        }
    }

    /// The process of an executor run, so a restarted agent can find it again.
    func writeProcess(_ identity: ProcessIdentity, frameworkID: FrameworkID, executorID: ExecutorID, containerID: ContainerID) throws {
        guard let directory = self.runDirectory(frameworkID, executorID, containerID) else { return }
        try DurableFile.write(Array(identity.description.utf8), to: directory + "/pid")
    }

    private mutating func writeAgent(_ agent: AgentDescriptor) throws {
        guard let id = agent.id else { return }
        let directory = self.agentDirectory(id)
        try Directories.create(directory)
        let file = AgentIdentityFile(id: id.value, hostname: agent.hostname, ip: agent.ip, port: agent.port)
        try DurableFile.write(Array(try JSONEncoder().encode(file)), to: directory + "/slave.json", sync: true)
        try DurableFile.write(Array(id.value.utf8), to: self.slavesDirectory + "/latest", sync: true)
        self.agentID = id
    }

    private func appendRecord(_ record: UpdateLogRecord, for location: TaskLocation) throws {
        guard let directory = self.taskDirectory(location) else { return }
        try DurableFile.append(RecordIO.encode(try record.encoded()), to: directory + "/task.updates")
    }
}
