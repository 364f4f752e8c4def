import CZooKeeper

/// A znode's metadata (`struct Stat`).
public struct NodeStat: Sendable, Equatable {
    /// zxid of the change that created the node.
    public var czxid: Int64
    /// zxid of the last data change.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Last modification time, milliseconds since the epoch.
    public var mtime: Int64
    /// Number of data changes.
    public var version: Int32
    /// Number of child changes.
    public var cversion: Int32
    /// Number of ACL changes.
    public var aversion: Int32
    /// Session id of an ephemeral node's owner; 0 for persistent nodes.
    public var ephemeralOwner: Int64
    /// Length of the data in bytes.
    public var dataLength: Int32
    /// Number of children.
    public var numChildren: Int32
    /// zxid of the last child change.
    public var pzxid: Int64

    init(_ stat: Stat) {
        self.czxid = stat.czxid
        self.mzxid = stat.mzxid
        self.ctime = stat.ctime
        self.mtime = stat.mtime
        self.version = stat.version
        self.cversion = stat.cversion
        self.aversion = stat.aversion
        self.ephemeralOwner = stat.ephemeralOwner
        self.dataLength = stat.dataLength
        self.numChildren = stat.numChildren
        self.pzxid = stat.pzxid
    }
}
