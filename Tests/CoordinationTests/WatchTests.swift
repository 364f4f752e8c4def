import Coordination
import Testing
import AgoraTestKit

extension WithSharedZooKeeper {
    @Suite struct WatchTests {
        @Test func dataWatchFiresOnceOnChange() async throws {
            let server = try SharedZooKeeper.current()
            let watcher = try await connectedClient(server)
            let writer = try await connectedClient(server)
            let node = uniquePath("data-watch")
            try await writer.ensurePath(node)
            let (_, _, watch) = try await watcher.getAndWatch(node)
            #expect(watcher.watchedPaths == [node])
            try await writer.set(node, data: bytes("1"))
            #expect(try await watch.event() == .dataChanged(path: node))
            try await writer.set(node, data: bytes("2"))
            // Reading the second value through the watcher's own session orders it after any
            // event the second set could have caused: a one-shot watch delivered only one.
            #expect(try await watcher.get(node).data == bytes("2"))
            #expect(watcher.watchEventsDelivered == 1 && watcher.watchedPaths.isEmpty)
            #expect(watch.firedEvent == .dataChanged(path: node))
        }

        @Test func existsWatchSeesDeletionAndCreation() async throws {
            let server = try SharedZooKeeper.current()
            let client = try await connectedClient(server)
            let node = uniquePath("exists-watch")
            try await client.ensurePath(node)
            let (stat, deletion) = try await client.existsAndWatch(node)
            #expect(stat != nil)
            try await client.delete(node)
            #expect(try await deletion.event() == .deleted(path: node))
            let (absent, creation) = try await client.existsAndWatch(node)
            #expect(absent == nil)
            try await client.create(node)
            #expect(try await creation.event() == .created(path: node))
        }

        @Test func childWatchSeesAChildAdded() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let parent = uniquePath("child-watch")
            try await client.ensurePath(parent)
            let (children, watch) = try await client.childrenAndWatch(parent)
            #expect(children.isEmpty)
            try await client.create(parent + "/a")
            #expect(try await watch.event() == .childrenChanged(path: parent))
        }

        @Test func noWatchIsLeftWhenTheNodeIsMissing() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let node = uniquePath("missing")
            await #expect(throws: ZooKeeperError.noNode(path: node)) { try await client.getAndWatch(node) }
            await #expect(throws: ZooKeeperError.noNode(path: node)) { try await client.childrenAndWatch(node) }
            #expect(client.watchedPaths.isEmpty)
        }

        @Test func closingFiresPendingWatchesAndEndsStateStreams() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let node = uniquePath("close-watch")
            try await client.ensurePath(node)
            let first = Recorder(client.stateChanges())
            let second = Recorder(client.stateChanges())
            let (_, watch) = try await client.existsAndWatch(node)
            await client.close()
            await client.close()  // idempotent
            #expect(try await watch.event() == .sessionLost(.closed))
            try await eventually("both observers to see the close") { first.last == .closed && second.last == .closed }
            #expect(first.all == [.connected, .closed] && second.all == [.connected, .closed])
            await #expect(throws: ZooKeeperError.closing) { try await client.exists(node) }
        }

        @Test func waitingForAWatchCanBeCancelled() async throws {
            let client = try await connectedClient(try SharedZooKeeper.current())
            let node = uniquePath("cancel-watch")
            try await client.ensurePath(node)
            let (_, watch) = try await client.existsAndWatch(node)
            let waiter = Task { try await watch.event() }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(watch.firedEvent == nil)
            await client.close()
        }
    }
}
