/// A record the core asks the shell to store. Keys are flat strings; every value is small
/// (one app version, one instance, one deployment), well under ZooKeeper's 1 MB.
public enum StoredRecord: Hashable, Sendable, Codable {
    /// The current definition of an app and its version list (newest first).
    case app(AppRecord)
    /// One stored version of an app (for rollback and `/versions/{ts}`).
    case appVersion(AppDefinition)
    case instance(Instance)
    case deployment(Deployment)

    /// Where the record lives: `apps/<id>`, `app-versions/<id>/<ms>`, `instances/<id>`, `deployments/<id>`.
    public var key: String {
        switch self {
        case .app(let record): StoreKeys.app(record.current.id)
        case .appVersion(let app): StoreKeys.appVersion(app.id, app.version)
        case .instance(let instance): StoreKeys.instance(instance.id)
        case .deployment(let deployment): StoreKeys.deployment(deployment.id)
        }
    }
}

/// The persisted root of an app.
public struct AppRecord: Hashable, Sendable, Codable {
    public var current: AppDefinition
    /// Stored versions, newest first.
    public var versions: [Timestamp]
}

/// A write or a deletion.
public enum StoreChange: Hashable, Sendable {
    case put(StoredRecord)
    case delete(key: String)
}

/// Key layout of the store.
public enum StoreKeys {
    public static func app(_ id: PathID) -> String { "apps/\(id.safePath)" }
    public static func appVersion(_ id: PathID, _ version: Timestamp) -> String { "app-versions/\(id.safePath)/\(version.milliseconds)" }
    public static func instance(_ id: String) -> String { "instances/\(id)" }
    public static func deployment(_ id: String) -> String { "deployments/\(id)" }
}

/// Everything `AppsCore.recover` needs: all records read back from the store.
public struct PersistedState: Sendable {
    public var records: [StoredRecord]
    public init(records: [StoredRecord]) { self.records = records }
}
