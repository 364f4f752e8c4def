import AgoraModel
import MasterCore
import Testing

@Suite struct FrameworkLifecycleTests {
    @Test func subscribeAssignsAnIDAndHeartbeatsAtOnce() {
        var master = MasterHarness()
        let connection = master.connection()
        let output = master.core.subscribe(
            SubscribeRequest(framework: FrameworkDescriptor(name: "demo", user: "u"), connection: connection, streamID: "s"),
            now: .zero)
        var stored = FrameworkDescriptor(name: "demo", user: "u")
        stored.id = "M-0000"
        #expect(output == [
            .persist([.recordFramework(stored, disconnectedSince: nil)]),
            .sendToFramework(connection, .subscribed("M-0000", heartbeatInterval: .seconds(15))),
            .sendToFramework(connection, .heartbeat),
            .allocationWanted,
        ])
        let (second, _) = master.subscribe()
        #expect(second == "M-0001")
    }

    @Test func heartbeatsFollowTheInterval() {
        var master = MasterHarness()
        let (_, connection) = master.subscribe()
        #expect(master.advance(14.9).events(to: connection).filter { $0 == .heartbeat }.isEmpty)
        #expect(master.advance(0.1).events(to: connection).filter { $0 == .heartbeat }.count == 1)
        #expect(master.advance(15).events(to: connection).filter { $0 == .heartbeat }.count == 1)
    }

    @Test func callsAreCheckedInMesosOrder() {
        var master = MasterHarness()
        let (id, connection) = master.subscribe()
        #expect(master.core.handle(.revive(roles: []), from: "nope", streamID: "x", now: .zero).0
            == .badRequest("Framework cannot be found"))
        #expect(master.core.handle(.revive(roles: []), from: id, streamID: nil, now: .zero).0
            == .badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header"))
        if case .badRequest(let message) = master.core.handle(.revive(roles: []), from: id, streamID: "wrong", now: .zero).0 {
            #expect(message.contains("didn't match"))
        } else {
            Issue.record("a wrong stream ID must be refused")
        }
        _ = master.core.frameworkDisconnected(connection, now: .zero)
        #expect(master.core.handle(.revive(roles: []), from: id, streamID: "stream-1", now: .zero).0
            == .forbidden("Framework is not subscribed"))
    }

    @Test func resubscribingFailsOverTheOldStream() {
        var master = MasterHarness()
        let (id, old) = master.subscribe()
        let (again, new) = master.subscribe(id: id)
        #expect(again == id)
        #expect(master.directives.events(to: old).suffix(1) == [.error("Framework failed over")])
        #expect(master.directives.contains(.closeFrameworkStream(old)))
        #expect(master.core.frameworks[id]?.connection == new)
        // The old stream's disconnect no longer affects the framework.
        _ = master.core.frameworkDisconnected(old, now: master.now)
        #expect(master.core.frameworks[id]?.isConnected == true)
    }

    @Test func aDisconnectedFrameworkKeepsItsTasksUntilFailoverTimeout() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, connection) = master.subscribe(failover: 30)
        let offer = master.allocate()[0]
        master.launch([MasterHarness.task("t1", on: agent)], from: id, offer: offer)
        master.record(master.core.frameworkDisconnected(connection, now: master.now))
        #expect(master.advance(29).agentMessages(to: agentConnection).filter { $0 == .shutdownFramework(id) }.isEmpty)
        #expect(master.core.frameworks[id]?.tasks.count == 1)
        #expect(master.advance(1).agentMessages(to: agentConnection).contains(.shutdownFramework(id)))
        #expect(master.core.frameworks[id] == nil)
        #expect(master.core.completedFrameworks.last?.completedTasks.first?.state == .killed)
        // Coming back after removal is refused inside the stream.
        let late = master.connection()
        var info = FrameworkDescriptor(name: "f", user: "u")
        info.id = id
        let output = master.core.subscribe(SubscribeRequest(framework: info, connection: late, streamID: "z"), now: master.now)
        #expect(output == [.sendToFramework(late, .error("Framework has been removed")), .closeFrameworkStream(late)])
    }

    @Test func zeroFailoverTimeoutRemovesAtOnce() {
        var master = MasterHarness()
        let (id, connection) = master.subscribe(failover: 0)
        master.record(master.core.frameworkDisconnected(connection, now: master.now))
        #expect(master.core.frameworks[id] == nil)
    }

    @Test func teardownRemovesTheFrameworkAndClosesItsStream() {
        var master = MasterHarness()
        let (id, connection) = master.subscribe()
        let (result, output) = master.call(.teardown, from: id)
        #expect(result == .accepted)
        #expect(output.contains(.closeFrameworkStream(connection)))
        #expect(master.core.frameworks[id] == nil)
    }

    @Test func invalidSubscriptionsAreRefusedInTheStream() {
        var master = MasterHarness()
        let connection = master.connection()
        var info = FrameworkDescriptor(name: "f", user: "u", roles: ["a", "b"])
        info.usesRolesField = true
        let output = master.core.subscribe(SubscribeRequest(framework: info, connection: connection, streamID: "s"), now: .zero)
        #expect(output.first == .sendToFramework(
            connection, .error("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable")))
        info.capabilities = [.multiRole]
        info.roles = ["a/../b"]
        let bad = master.core.subscribe(SubscribeRequest(framework: info, connection: connection, streamID: "s"), now: .zero)
        #expect(bad.contains(.closeFrameworkStream(connection)))
    }

    @Test func updateFrameworkChangesRolesButNotPrincipal() {
        var master = MasterHarness()
        _ = master.registerAgent()
        let (id, _) = master.subscribe(roles: ["a", "b"])
        #expect(master.allocate().count == 1)
        var info = master.core.frameworks[id]!.info
        info.roles = ["c"]
        #expect(master.call(.updateFramework(info, suppressedRoles: []), from: id).0 == .ok)
        #expect(master.core.frameworks[id]?.info.roles == ["c"])
        info.principal = "mallory"
        #expect(master.call(.updateFramework(info, suppressedRoles: []), from: id).0
            == .badRequest("Updating 'FrameworkInfo.principal' is unsupported"))
    }
}
