import AgoraHTTP
import AgoraModel
import AgoraProto
import AgoraWire
import Allocator
import Foundation
import MasterCore
import SwiftProtobuf

extension RegistryCodec {
    /// The registry in `entries` (a store's `registry` namespace). An empty namespace is a
    /// new cluster. A registry written by a newer, incompatible Agora, or damaged, is refused
    /// with the entry named, and nothing is changed.
    static func registry(from entries: [String: [UInt8]]) throws -> Registry {
        var registry = Registry()
        guard !entries.isEmpty else { return registry }
        guard let format = entries[Self.formatKey] else {
            throw Unreadable(description: "the registry has entries but no '\(Self.formatKey)' entry: not written by Agora")
        }
        let version = try Self.fields(format, Self.formatKey)["version"] as? Int
        guard version == Self.formatVersion else {
            throw Unreadable(description:
                "the registry was written in format \(version.map(String.init) ?? "unknown"), this master reads format \(Self.formatVersion): upgrade this master")
        }
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) where key != Self.formatKey {
            try Self.read(key, value, into: &registry)
        }
        return registry
    }

    private static func read(_ key: String, _ value: [UInt8], into registry: inout Registry) throws {
        let fields = try Self.fields(value, key)
        let (kind, name) = Self.split(key)
        let state = fields["state"] as? String
        let since = fields["since"] as? Double
        switch (kind, state) {
        case ("agents", "admitted"):
            registry.agents[AgentID(name)] = try Self.agent(fields, key)
        case ("agents", "unreachable"):
            registry.unreachableAgents[AgentID(name)] = .init(info: try Self.agent(fields, key), since: try Self.require(since, "since", key))
        case ("agents", "gone"):
            registry.goneAgents[AgentID(name)] = try Self.require(since, "since", key)
        case ("frameworks", "active"), ("frameworks", "disconnected"):
            let info = FrameworkDescriptor(proto: try Self.message(ProtoFrameworkInfo.self, fields["info"], key))
            registry.frameworks[FrameworkID(name)] = .init(info: info, disconnectedSince: state == "active" ? nil : since)
        case ("frameworks", "removed"):
            registry.removedFrameworks[FrameworkID(name)] = try Self.require(since, "since", key)
        case ("weights", _):
            registry.weights[name] = try Self.require(fields["weight"] as? Double, "weight", key)
        case ("quotas", _):
            let limits = (fields["limits"] as? [String: Double]).map(ResourceQuantities.init)
            registry.quotas[name] = Quota(guarantees: ResourceQuantities(fields["guarantees"] as? [String: Double] ?? [:]), limits: limits)
        default:
            throw Unreadable(description: "registry entry '\(key)' is not understood (state \(state ?? "missing"))")
        }
    }

    private static func agent(_ fields: [String: Any], _ key: String) throws -> AgentDescriptor {
        let info = try Self.message(ProtoAgentInfo.self, fields["info"], key)
        do {
            return try AgentDescriptor(proto: info, ip: fields["ip"] as? String ?? info.hostname)
        } catch {
            throw Unreadable(description: "registry entry '\(key)': \(error)")
        }
    }

    private static func fields(_ value: [UInt8], _ key: String) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(value))
        } catch {
            throw Unreadable(description: "registry entry '\(key)' is not JSON: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else { throw Unreadable(description: "registry entry '\(key)' is not a JSON object") }
        return object
    }

    private static func message<M: SwiftProtobuf.Message>(_ type: M.Type, _ object: Any?, _ key: String) throws -> M {
        // `object` came out of JSONSerialization, so it serialises again; only a missing one fails.
        guard let object, let data = try? JSONSerialization.data(withJSONObject: object) else {
            throw Unreadable(description: "registry entry '\(key)' has no 'info'")
        }
        do {
            return try MesosJSON.decode(type, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw Unreadable(description: "registry entry '\(key)': \(error)")
        }
    }

    private static func require<T>(_ value: T?, _ field: String, _ key: String) throws -> T {
        guard let value else { throw Unreadable(description: "registry entry '\(key)' lacks '\(field)'") }
        return value
    }
}
