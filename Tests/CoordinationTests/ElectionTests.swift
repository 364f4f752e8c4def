import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct ElectionTests {
        @Test func threeContendersElectOneAndEachWatchesOnlyItsPredecessor() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("election")
            let observer = try await connectedClient(server)
            try await observer.ensurePath(group + "/log_replicas")  // not a member: ignored
            var contenders: [Contender] = []
            for name in ["a", "b", "c"] { contenders.append(try await startContender(server, group: group, name: name)) }
            let (a, b, c) = (contenders[0], contenders[1], contenders[2])
            let leader = try await waitForSingleLeader(contenders, group: group, observer: observer)
            #expect(leader.node == a.node)
            try await eventually("followers to settle") { b.current == .notElected && c.current == .notElected }
            let nodes = try [a, b, c].map { try #require($0.node) }
            #expect(nodes.allSatisfy { $0.hasPrefix(group + "/json.info_") && $0.count == group.count + 21 })
            #expect(try #require(a.client).watchedPaths == [nodes[0]])  // the leader watches its own node
            #expect(try #require(b.client).watchedPaths == [nodes[0]])
            #expect(try #require(c.client).watchedPaths == [nodes[1]])
            // A member nobody follows (highest sequence) comes and goes: no contender hears of it.
            let stranger = try await observer.create(group + "/json.info_", mode: .ephemeralSequential)
            try await observer.delete(stranger)
            for contender in contenders {
                let client = try #require(contender.client)
                // A read through each contender's own session is ordered after any event the
                // deletion could have sent it.
                #expect(!(try await client.children(group)).contains(ZooKeeperPath.name(of: stranger)))
                #expect(client.watchEventsDelivered == 0)
            }
            try await eventually("the announcements to be recorded") {
                a.announcements.all == [.elected] && b.announcements.all == [.notElected] && c.announcements.all == [.notElected]
            }
            for contender in contenders { await contender.contender.withdraw() }
        }

        @Test func whenTheLeadersSessionExpiresTheNextLowestLeads() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("expiry-election")
            let observer = try await connectedClient(server)
            var contenders: [Contender] = []
            for name in ["a", "b", "c"] { contenders.append(try await startContender(server, group: group, name: name)) }
            let (a, b, c) = (contenders[0], contenders[1], contenders[2])
            _ = try await waitForSingleLeader(contenders, group: group, observer: observer)
            let (oldNode, bNode, cNode) = (try #require(a.node), try #require(b.node), try #require(c.node))
            try await expire(try #require(a.client?.session), on: server)
            let leader = try await waitForSingleLeader(contenders, group: group, observer: observer)
            #expect(leader.node == bNode)
            try await eventually("a to rejoin with a new node behind c") {
                guard let node = a.node, node != oldNode, a.current == .notElected else { return false }
                return node > cNode
            }
            try await eventually("a's loss to be recorded") {
                a.announcements.all.first == .elected && a.announcements.all.contains { if case .lost = $0 { true } else { false } }
            }
            #expect(c.current == .notElected && c.announcements.all == [.notElected])
            #expect(try #require(c.client).watchedPaths == [bNode])
            #expect(elected(contenders).count == 1)
            for contender in contenders { await contender.contender.withdraw() }
        }

        @Test func aWithdrawnLeaderAnnouncesTheLossAndHandsOver() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("withdraw")
            let observer = try await connectedClient(server)
            let a = try await startContender(server, group: group, name: "a")
            let b = try await startContender(server, group: group, name: "b")
            _ = try await waitForSingleLeader([a, b], group: group, observer: observer)
            let aNode = try #require(a.node)
            await a.contender.withdraw()
            await a.contender.withdraw()  // idempotent
            #expect(a.node == nil)
            try await eventually("a's withdrawal to be recorded") { a.announcements.all == [.elected, .lost(.withdrawn)] }
            #expect(try await observer.exists(aNode) == nil)
            let leader = try await waitForSingleLeader([a, b], group: group, observer: observer)
            #expect(leader.node == b.node)
            try await eventually("b's election to be recorded") { b.announcements.all == [.notElected, .elected] }
            await b.contender.withdraw()
        }

        @Test func aLeaderWhoseNodeIsDeletedLosesAndRejoins() async throws {
            let server = try SharedZooKeeper.current()
            let group = uniquePath("deleted-node")
            let observer = try await connectedClient(server)
            let a = try await startContender(server, group: group, name: "a")
            let b = try await startContender(server, group: group, name: "b")
            _ = try await waitForSingleLeader([a, b], group: group, observer: observer)
            let aNode = try #require(a.node)
            try await observer.delete(aNode)
            let leader = try await waitForSingleLeader([a, b], group: group, observer: observer)
            #expect(leader.node == b.node)
            try await eventually("a to rejoin") { a.node != nil && a.node != aNode && a.current == .notElected }
            try await eventually("a's announcements to be recorded") { a.announcements.all == [.elected, .lost(.nodeDeleted), .notElected] }
            await a.contender.withdraw()
            await b.contender.withdraw()
        }
    }
}
