import Foundation
import Coordination
import StateStore
import Testing

/// A writer SIGKILLed mid-stream leaves the store exactly as after some whole batch, never
/// between two: every key carries one batch number, no older than the last one reported.
@Suite struct CrashSafetyTests {
    static let keysPerBatch = 20

    @Test func killedWriterLeavesOnlyWholeBatches() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.db"
        var committed = 0
        for round in 1...6 {
            let writer = try CrashWriterProcess(
                storePath: path, keys: Self.keysPerBatch, logDirectory: directory.path, name: "writer-\(round)")
            _ = try await writer.waitForBatch(atLeast: committed + 1 + round * 7)
            try Self.expectRefusal(path, owner: writer.pid)
            let status = await writer.kill()
            #expect(Self.wasKilled(status), "the writer exited by itself (status \(status)) instead of being killed")

            let lastPrinted = try #require(try writer.printedBatches().last)
            let held = try await Self.batchInStore(at: path)
            // The batch after the last printed one may have committed just before the kill.
            #expect(held == lastPrinted || held == lastPrinted + 1, "store holds batch \(held); writer printed \(lastPrinted)")
            committed = held
        }
        try directory.remove()
    }

    /// The same against ZooKeeper: each batch is one `multi`, so a killed writer leaves a
    /// whole batch or none.
    @Test func killedZooKeeperWriterLeavesOnlyWholeBatches() async throws {
        let server = try await SharedStoreZooKeeper.shared.get()
        let directory = try TemporaryDirectory()
        let root = "/crash-\(UInt32.random(in: 0...UInt32.max))"
        var committed = 0
        for round in 1...4 {
            let writer = try CrashWriterProcess(
                storePath: server.url(path: root), keys: Self.keysPerBatch, logDirectory: directory.path, name: "zk-writer-\(round)")
            _ = try await writer.waitForBatch(atLeast: committed + 1 + round * 5)
            let status = await writer.kill()
            #expect(Self.wasKilled(status), "the writer exited by itself (status \(status)) instead of being killed")
            let lastPrinted = try #require(try writer.printedBatches().last)
            let client = try ZooKeeperClient(servers: server.connectString, sessionTimeout: .seconds(5))
            try await client.waitUntilConnected(timeout: .seconds(10))
            let entries = try await ZooKeeperStateStore(client: client, root: root).load(namespace: "crash")
            await client.close()
            #expect(entries.count == Self.keysPerBatch)
            let batches = Set(try entries.values.map(Self.decodeBatch))
            #expect(batches.count == 1, "torn write: keys carry batches \(batches.sorted())")
            let held = try #require(batches.max())
            #expect(held == lastPrinted || held == lastPrinted + 1, "store holds batch \(held); writer printed \(lastPrinted)")
            committed = held
        }
        try directory.remove()
    }

    /// The one batch number all keys carry; fails the test if they disagree or are missing.
    static func batchInStore(at path: String) async throws -> Int {
        let store = try SQLiteStateStore(path: path)
        let entries = try await store.load(namespace: "crash")
        try store.close()
        #expect(entries.count == Self.keysPerBatch)
        let batches = Set(try entries.values.map(Self.decodeBatch))
        #expect(batches.count == 1, "torn write: keys carry batches \(batches.sorted())")
        return try #require(batches.max())
    }

    /// The writer's value layout: "batch <n>;" repeated to 2 KiB (see CrashWriter.encode).
    static func decodeBatch(_ value: [UInt8]) throws -> Int {
        let text = String(decoding: value.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
        guard text.hasPrefix("batch "), let batch = Int(text.dropFirst(6)) else {
            throw WriterFailure("value does not start with a batch number: \(text.prefix(40))")
        }
        let unit = Array("batch \(batch);".utf8)
        let expected = Array(repeatElement(unit, count: 2048 / unit.count + 1).joined().prefix(2048))
        guard value == expected else { throw WriterFailure("value of batch \(batch) is damaged") }
        return batch
    }

    /// While the writer runs, opening its store is refused and names the writer's pid.
    static func expectRefusal(_ path: String, owner: pid_t) throws {
        let error = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: path) }
        #expect(error?.unavailableMessage == "\(path) is in use by another process (pid \(owner))")
    }

    static func wasKilled(_ status: Int32) -> Bool {
        status & 0x7f == SIGKILL
    }
}
