import AgoraHTTP
import AgoraModel
import AgoraProto
import AgoraWire
import Allocator
import Foundation
import MasterCore
import StateStore
import SwiftProtobuf

/// The registry's on-disk form (docs/registry.md): one entry per agent, framework, weight
/// and quota in the store's `registry` namespace, each a small JSON document that embeds
/// AgentInfo and FrameworkInfo in Mesos's JSON mapping, plus a `format` entry. One entry per
/// record keeps every value far below ZooKeeper's 1 MB node limit, whatever the cluster size.
enum RegistryCodec {
    static let namespace = "registry"
    static let formatKey = "format"
    static let formatVersion = 1

    /// Why a stored registry cannot be read.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: - Writing

    static func formatEntry() -> StateChange {
        .put(key: Self.formatKey, value: Self.json(["version": Self.formatVersion, "writer": "agora \(AgoraVersion.current)"]))
    }

    /// The entry a change rewrites.
    static func key(of change: RegistryChange) -> String {
        switch change {
        case .admitAgent(let info): "agents/\(info.id?.value ?? "")"
        case .markAgentUnreachable(let id, _), .markAgentGone(let id, _): "agents/\(id)"
        case .recordFramework(let info, _): "frameworks/\(info.id?.value ?? "")"
        case .removeFramework(let id, _): "frameworks/\(id)"
        case .setWeight(let role, _): "weights/\(role)"
        case .setQuota(let role, _): "quotas/\(role)"
        }
    }

    /// What the store must hold at `key` for `registry`: the entry, or its deletion.
    static func entry(_ key: String, in registry: Registry) throws -> StateChange {
        let (kind, name) = Self.split(key)
        switch kind {
        case "agents": return try Self.agentEntry(AgentID(name), key: key, in: registry)
        case "frameworks": return try Self.frameworkEntry(FrameworkID(name), key: key, in: registry)
        case "weights": return registry.weights[name].map { .put(key: key, value: Self.json(["weight": $0])) } ?? .delete(key: key)
        case "quotas":
            guard let quota = registry.quotas[name] else { return .delete(key: key) }
            var fields: [String: Any] = ["guarantees": Self.quantities(quota.guarantees)]
            fields["limits"] = quota.limits.map(Self.quantities)
            return .put(key: key, value: Self.json(fields))
        default: throw Unreadable(description: "no registry entry is kept under '\(key)'")
        }
    }

    private static func agentEntry(_ id: AgentID, key: String, in registry: Registry) throws -> StateChange {
        if let info = registry.agents[id] {
            return .put(key: key, value: Self.json(["state": "admitted", "ip": info.ip, "info": try Self.object(info.proto)]))
        }
        if let entry = registry.unreachableAgents[id] {
            return .put(key: key, value: Self.json([
                "state": "unreachable", "since": entry.since, "ip": entry.info.ip, "info": try Self.object(entry.info.proto),
            ]))
        }
        if let since = registry.goneAgents[id] { return .put(key: key, value: Self.json(["state": "gone", "since": since])) }
        return .delete(key: key)
    }

    private static func frameworkEntry(_ id: FrameworkID, key: String, in registry: Registry) throws -> StateChange {
        if let entry = registry.frameworks[id] {
            var fields: [String: Any] = [
                "state": entry.disconnectedSince == nil ? "active" : "disconnected", "info": try Self.object(entry.info.proto),
            ]
            fields["since"] = entry.disconnectedSince
            return .put(key: key, value: Self.json(fields))
        }
        if let since = registry.removedFrameworks[id] { return .put(key: key, value: Self.json(["state": "removed", "since": since])) }
        return .delete(key: key)
    }

    /// `agents/<id>` → ("agents", "<id>"); role names may themselves hold slashes.
    static func split(_ key: String) -> (kind: String, name: String) {
        guard let slash = key.firstIndex(of: "/") else { return (key, "") }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }

    // MARK: - Helpers

    static func json(_ object: [String: Any]) -> [UInt8] {
        // Only strings, numbers and nested objects built here: serialisation cannot fail.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            preconditionFailure("registry entry is not JSON-serialisable: \(object)")
        }
        return Array(data)
    }

    private static func object(_ message: some SwiftProtobuf.Message) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try MesosJSON.encode(message)))
    }

    private static func quantities(_ quantities: ResourceQuantities) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: quantities.entries.map { ($0.name, $0.amount.doubleValue) })
    }
}
