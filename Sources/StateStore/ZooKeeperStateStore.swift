import Coordination

/// A `StateStore` in ZooKeeper, for HA mode: `<root>/<namespace>/<key>` nodes whose data is
/// the value (keys percent-encoded into one node name each, so every record is its own
/// small node, far below ZooKeeper's 1 MB limit).
///
/// Writes are compare-and-set: each batch is one `multi` that sets or deletes nodes at the
/// versions this store last saw, so a write that raced with anyone else's fails as
/// `conflict`. With a `fence` (the writer's leader-election node), the batch also checks the
/// fence still exists: a deposed leader's write fails as `fenced` and changes nothing.
public actor ZooKeeperStateStore: StateStore {
    /// A request larger than this would exceed ZooKeeper's default `jute.maxbuffer` (1 MiB).
    public static let maxBatchBytes = 1_000_000

    private let client: ZooKeeperClient
    private let root: String
    private let fence: String?
    /// Node versions by namespace and key, as last read or written.
    private var versions: [String: [String: Int32]] = [:]

    public init(client: ZooKeeperClient, root: String, fence: String? = nil) {
        self.client = client
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.fence = fence
    }

    public func load(namespace: String) async throws -> [String: [UInt8]] {
        try StateStoreValidation.validate(namespace: namespace)
        let directory = self.directory(namespace)
        do {
            try await self.client.ensurePath(directory)
            var entries: [String: [UInt8]] = [:]
            var versions: [String: Int32] = [:]
            for name in try await self.client.children(directory) {
                guard let key = ZooKeeperKey.decode(name) else {
                    throw StateStoreError.corrupt("\(directory)/\(name) is not an encoded key")
                }
                let (data, stat) = try await self.client.get("\(directory)/\(name)")
                entries[key] = data
                versions[key] = stat.version
            }
            self.versions[namespace] = versions
            return entries
        } catch let error as ZooKeeperError {
            throw Self.storeError(error, during: "loading \(directory)")
        }
    }

    public func apply(_ changes: [StateChange], namespace: String) async throws {
        try StateStoreValidation.validate(changes, namespace: namespace)
        let final = Self.lastChangePerKey(changes)
        guard !final.isEmpty else { return }
        let directory = self.directory(namespace)
        let known = self.versions[namespace] ?? [:]
        var operations: [ZooKeeperOperation] = self.fence.map { [.check(path: $0, version: -1)] } ?? []
        for change in final {
            let path = "\(directory)/\(ZooKeeperKey.encode(change.key))"
            switch (change, known[change.key]) {
            case (.put(_, let value), let version?): operations.append(.set(path: path, data: value, version: version))
            case (.put(_, let value), nil): operations.append(.create(path: path, data: value, mode: .persistent))
            case (.delete, let version?): operations.append(.delete(path: path, version: version))
            case (.delete, nil): continue
            }
        }
        let bytes = final.reduce(0) { sum, change in sum + change.key.utf8.count + (change.value?.count ?? 0) + 64 }
        if bytes > Self.maxBatchBytes {
            throw StateStoreError.tooLarge(key: final.first?.key ?? "", bytes: bytes, limit: Self.maxBatchBytes)
        }
        guard operations.count > (self.fence == nil ? 0 : 1) else { return }
        try await self.run(operations, namespace: namespace, final: final)
    }

    private func run(_ operations: [ZooKeeperOperation], namespace: String, final: [StateChange]) async throws {
        do {
            try await self.client.ensurePath(self.directory(namespace))
            let results = try await self.client.multi(operations)
            var versions = self.versions[namespace] ?? [:]
            for (operation, result) in zip(operations, results) {
                guard let key = ZooKeeperKey.decode(operation.path.split(separator: "/").last.map(String.init) ?? "") else { continue }
                switch result {
                case .created: versions[key] = 0
                case .set(let stat): versions[key] = stat.version
                case .deleted: versions[key] = nil
                case .checked: break
                }
            }
            self.versions[namespace] = versions
        } catch {
            // After a failed or unknown outcome our versions may be stale: reload before writing again.
            self.versions[namespace] = nil
            throw Self.storeError(error, during: "writing \(final.count) entries to \(self.directory(namespace))", fence: self.fence)
        }
    }

    private func directory(_ namespace: String) -> String { "\(self.root)/\(namespace)" }

    /// The last change to each key, in first-seen key order (later changes win).
    static func lastChangePerKey(_ changes: [StateChange]) -> [StateChange] {
        var order: [String] = []
        var last: [String: StateChange] = [:]
        for change in changes {
            if last[change.key] == nil { order.append(change.key) }
            last[change.key] = change
        }
        return order.compactMap { last[$0] }
    }
}

extension StateChange {
    var value: [UInt8]? {
        if case .put(_, let value) = self { value } else { nil }
    }
}
