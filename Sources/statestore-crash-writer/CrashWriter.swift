#if canImport(Glibc)
import Glibc
#endif
import Coordination
import StateStore

/// `statestore-crash-writer <path | zk://host:port/root> <keys-per-batch> [max-batches]`
///
/// Opens the SQLite store at `path` (or the ZooKeeper store under `root`) and applies numbered batches to the "crash" namespace
/// until killed: batch n puts keys `k0`..`k<N-1>`, every value encoding n, then prints n on a
/// line of its own once `apply` has returned. It continues from the number the store holds,
/// and stops by itself after `max-batches` or when its parent exits.
@main
struct CrashWriter {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let keys = Int(arguments[2]), keys > 0,
              let limit = arguments.count > 3 ? Int(arguments[3]) : 1_000_000, limit > 0
        else {
            Self.fail("usage: statestore-crash-writer <path> <keys-per-batch> [max-batches]")
        }
        do {
            if arguments[1].hasPrefix("zk://") {
                let url = try ZooKeeperURL.parse(arguments[1])
                let client = try ZooKeeperClient(url: url, sessionTimeout: .seconds(5))
                try await client.waitUntilConnected(timeout: .seconds(10))
                try await Self.run(ZooKeeperStateStore(client: client, root: url.path), keys: keys, limit: limit)
                await client.close()
            } else {
                let store = try SQLiteStateStore(path: arguments[1])
                try await Self.run(store, keys: keys, limit: limit)
                try store.close()
            }
        } catch {
            Self.fail("statestore-crash-writer: \(error)")
        }
    }

    private static func run(_ store: any StateStore, keys: Int, limit: Int) async throws {
        let parent = getppid()
        let start = try await store.load(namespace: "crash")["k0"].map(Self.decode) ?? 0
        for batch in (start + 1)...(start + limit) {
            guard getppid() == parent else { return }
            let value = Self.encode(batch)
            try await store.apply((0..<keys).map { .put(key: "k\($0)", value: value) }, namespace: "crash")
            guard Self.write("\(batch)\n", to: 1) else { return }
        }
    }

    /// "batch <n>;" repeated to 2 KiB, so each batch spans many pages.
    /// (Tests/StateStoreTests/CrashSafetyTests.swift decodes the same layout.)
    static func encode(_ batch: Int) -> [UInt8] {
        let unit = Array("batch \(batch);".utf8)
        return Array(repeatElement(unit, count: 2048 / unit.count + 1).joined().prefix(2048))
    }

    static func decode(_ value: [UInt8]) -> Int {
        let text = String(decoding: value.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
        guard text.hasPrefix("batch "), let batch = Int(text.dropFirst(6)), Self.encode(batch) == value else {
            Self.fail("statestore-crash-writer: the store holds a value that is no batch: \(text)")
        }
        return batch
    }

    private static func fail(_ message: String) -> Never {
        _ = Self.write(message + "\n", to: 2)
        exit(1)
    }

    /// Unbuffered, so a printed number is out before the next batch starts; false when
    /// the reader is gone.
    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.write(descriptor, bytes, bytes.count) == bytes.count
    }
}
