import CZooKeeper

extension ZooKeeperClient {
    /// Creates a node and returns its path (with the sequence suffix for sequential modes,
    /// which ZooKeeper formats as 10 digits).
    @discardableResult
    public func create(_ path: String, data: [UInt8] = [], mode: CreateMode = .persistent) async throws(ZooKeeperError) -> String {
        try ZooKeeperPath.validate(path, sequential: mode.isSequential)
        let acl = self.handle.usesAuthentication ? czk_everyone_read_creator_all() : czk_open_acl_unsafe()
        let result: Result<String, ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            data.withCBytes { bytes, length in
                zoo_acreate(raw, path, bytes, length, acl, mode.flags, stringCompletion, context)
            }
        }
        return try result.get()
    }

    /// Creates `path` and its missing parents as empty persistent nodes; nodes that already
    /// exist (also when created concurrently) are fine.
    public func ensurePath(_ path: String) async throws(ZooKeeperError) {
        try ZooKeeperPath.validate(path)
        for prefix in ZooKeeperPath.prefixes(of: path) {
            do {
                _ = try await self.create(prefix)
            } catch .nodeExists {
                continue
            }
        }
    }

    /// The node's data and metadata.
    public func get(_ path: String) async throws(ZooKeeperError) -> (data: [UInt8], stat: NodeStat) {
        try ZooKeeperPath.validate(path)
        let result: Result<([UInt8], NodeStat), ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            zoo_aget(raw, path, 0, dataCompletion, context)
        }
        let (data, stat) = try result.get()
        return (data, stat)
    }

    /// Replaces the node's data if its version is `version` (-1: any); returns the new metadata.
    @discardableResult
    public func set(_ path: String, data: [UInt8], version: Int32 = -1) async throws(ZooKeeperError) -> NodeStat {
        try ZooKeeperPath.validate(path)
        let result: Result<NodeStat, ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            data.withCBytes { bytes, length in
                zoo_aset(raw, path, bytes, length, version, statCompletion, context)
            }
        }
        return try result.get()
    }

    /// Deletes the node if its version is `version` (-1: any).
    public func delete(_ path: String, version: Int32 = -1) async throws(ZooKeeperError) {
        try ZooKeeperPath.validate(path)
        let result: Result<Void, ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            zoo_adelete(raw, path, version, voidCompletion, context)
        }
        try result.get()
    }

    /// The node's metadata, or nil if it does not exist.
    public func exists(_ path: String) async throws(ZooKeeperError) -> NodeStat? {
        try ZooKeeperPath.validate(path)
        let result: Result<NodeStat?, ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            zoo_aexists(raw, path, 0, existsCompletion, context)
        }
        return try result.get()
    }

    /// The names (not paths) of the node's children, in no particular order.
    public func children(_ path: String) async throws(ZooKeeperError) -> [String] {
        try ZooKeeperPath.validate(path)
        let result: Result<[String], ZooKeeperError> = await self.handle.perform(path: path) { raw, context in
            zoo_aget_children(raw, path, 0, childrenCompletion, context)
        }
        return try result.get()
    }
}

extension Array where Element == UInt8 {
    /// The bytes as the C library takes node data: empty data is sent as "no data" (NULL, -1),
    /// which reads back as empty.
    func withCBytes<T>(_ body: (UnsafePointer<CChar>?, Int32) -> T) -> T {
        guard !self.isEmpty else { return body(nil, -1) }
        return self.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
    }
}
