import AgoraModel
import Allocator
import MasterCore
import StateStore
import Testing

@testable import Master

/// The registry's on-disk form: what one master stores, the next one reads back whole.
@Suite struct StoredRegistryTests {
    static func resources(_ text: String) -> Resources {
        do { return try Resources.parse(text) } catch { fatalError("bad fixture '\(text)': \(error)") }
    }

    @Test func everyKindOfRecordSurvivesARoundTrip() async throws {
        let store = InMemoryStateStore()
        let writer = StoredRegistry(store: store)
        #expect(try await writer.load() == Registry())
        let agent = AgentDescriptor(
            id: "M-S0", hostname: "h1", ip: "10.0.0.1", port: 5051, resources: Self.resources("cpus:4;mem:1024;ports:[31000-31009]"),
            attributes: [Attribute(name: "rack", value: .text("r1"))])
        let lost = AgentDescriptor(id: "M-S1", hostname: "h2", ip: "10.0.0.2", port: 5052, resources: Self.resources("cpus:2"))
        let framework = FrameworkDescriptor(
            id: "M-0000", name: "web", user: "u", roles: ["web"], capabilities: [.multiRole, .partitionAware],
            failoverTimeout: .seconds(600), principal: "p", usesRolesField: true)
        let changes: [RegistryChange] = [
            .admitAgent(agent), .admitAgent(lost), .markAgentUnreachable("M-S1", at: 1_700_000_100.5),
            .markAgentGone("M-S9", at: 1_700_000_200), .recordFramework(framework, disconnectedSince: 1_700_000_300),
            .removeFramework("M-0001", at: 1_700_000_400), .setWeight(role: "web", weight: 2.5),
            .setQuota(role: "web", quota: Quota(guarantees: ResourceQuantities(["cpus": 1]), limits: ResourceQuantities(["cpus": 4]))),
            .setWeight(role: "gone", weight: 3), .setWeight(role: "gone", weight: nil),
        ]
        try await writer.write(changes)
        let expected = Registry().applying(changes)
        let read = try await StoredRegistry(store: store).load()
        #expect(read.agents == expected.agents)
        #expect(read.unreachableAgents == expected.unreachableAgents)
        #expect(read.goneAgents == expected.goneAgents && read.removedFrameworks == expected.removedFrameworks)
        #expect(read.weights == ["web": 2.5] && read.quotas == expected.quotas)
        let stored = try #require(read.frameworks["M-0000"])
        #expect(stored.disconnectedSince == 1_700_000_300)
        #expect(stored.info.name == "web" && stored.info.roles == ["web"] && stored.info.principal == "p")
        #expect(stored.info.capabilities == [.multiRole, .partitionAware] && stored.info.failoverTimeout == .seconds(600))
    }

    @Test func aBatchIsOneAtomicWriteThatStartsWithTheFormat() async throws {
        let store = InMemoryStateStore()
        let registry = StoredRegistry(store: store)
        _ = try await registry.load()
        try await registry.write([.setWeight(role: "a", weight: 2), .setWeight(role: "b", weight: 3)])
        try await registry.write([.setWeight(role: "a", weight: 4)])
        let writes = store.writes
        #expect(writes.count == 2)
        #expect(writes.first?.changes.map(\.key) == ["format", "weights/a", "weights/b"])
        #expect(writes.last?.changes.map(\.key) == ["weights/a"])
    }

    @Test func aFailedWriteLeavesTheStoredRegistryAsItWas() async throws {
        let store = InMemoryStateStore()
        let registry = StoredRegistry(store: store)
        _ = try await registry.load()
        try await registry.write([.setWeight(role: "a", weight: 2)])
        store.failNextApply(with: .fenced("another master leads"))
        await #expect(throws: StateStoreError.self) { try await registry.write([.setWeight(role: "a", weight: 9)]) }
        #expect(try await StoredRegistry(store: store).load().weights == ["a": 2])
    }

    @Test func unreadableRegistriesAreRefusedWithTheEntryNamed() async throws {
        let foreign = InMemoryStateStore()
        try await foreign.apply([.put(key: "agents/x", value: Array("{}".utf8))], namespace: "registry")
        await #expect { try await StoredRegistry(store: foreign).load() } throws: { error in
            "\(error)".contains("no 'format' entry")
        }
        let broken = InMemoryStateStore()
        try await broken.apply([
            .put(key: "format", value: Array(#"{"version":1}"#.utf8)), .put(key: "agents/x", value: Array(#"{"state":"sideways"}"#.utf8)),
        ], namespace: "registry")
        await #expect { try await StoredRegistry(store: broken).load() } throws: { error in
            "\(error)".contains("registry entry 'agents/x' is not understood")
        }
    }
}
