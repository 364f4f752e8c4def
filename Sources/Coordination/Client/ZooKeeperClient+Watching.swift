import CZooKeeper

extension ZooKeeperClient {
    /// The node's data and metadata, and a watch that fires on its next data change or deletion.
    /// No watch is set when the node does not exist (`.noNode` is thrown).
    public func getAndWatch(_ path: String) async throws(ZooKeeperError) -> (data: [UInt8], stat: NodeStat, watch: Watch) {
        try ZooKeeperPath.validate(path)
        let watch = self.handle.registerWatch(path)
        let result: Result<([UInt8], NodeStat), ZooKeeperError> = await self.handle.perform(path: path, watch: watch) {
            raw, context in
            zoo_awget(raw, path, handleWatchEvent, Self.context(of: watch), dataCompletion, context)
        }
        let (data, stat) = try result.get()
        return (data, stat, watch)
    }

    /// The node's metadata (nil when absent), and a watch that fires when it is created,
    /// changed or deleted. Unlike the others, this watch is set on absent nodes too.
    public func existsAndWatch(_ path: String) async throws(ZooKeeperError) -> (stat: NodeStat?, watch: Watch) {
        try ZooKeeperPath.validate(path)
        let watch = self.handle.registerWatch(path)
        let result: Result<NodeStat?, ZooKeeperError> = await self.handle.perform(
            path: path, watch: watch, watchSetOn: [ZOK.rawValue, ZNONODE.rawValue]
        ) { raw, context in
            zoo_awexists(raw, path, handleWatchEvent, Self.context(of: watch), existsCompletion, context)
        }
        return (try result.get(), watch)
    }

    /// The names of the node's children, and a watch that fires when a child is added or
    /// removed or the node is deleted. No watch is set when the node does not exist.
    public func childrenAndWatch(_ path: String) async throws(ZooKeeperError) -> (children: [String], watch: Watch) {
        try ZooKeeperPath.validate(path)
        let watch = self.handle.registerWatch(path)
        let result: Result<[String], ZooKeeperError> = await self.handle.perform(path: path, watch: watch) { raw, context in
            zoo_awget_children(raw, path, handleWatchEvent, Self.context(of: watch), childrenCompletion, context)
        }
        return (try result.get(), watch)
    }

    /// The watcher context the library hands back: the watch id itself, so nothing is
    /// retained by (or leaked in) the library's watch tables.
    private static func context(of watch: Watch) -> UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: UInt(watch.id))
    }
}
