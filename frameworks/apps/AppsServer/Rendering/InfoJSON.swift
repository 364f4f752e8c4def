import AppsCore

/// `/v2/info` (reference §3.7), with the keys marathon-python 0.13 accepts.
enum InfoJSON {
    static let version = "1.6.322"

    static func info(settings: AppsSettings, frameworkID: String?, leader: String?, elected: Bool, httpPort: Int) -> JSONValue {
        let core = settings.core
        var marathon: [(String, JSONValue)] = [
            ("master", .string(settings.master)), ("framework_name", .string(settings.frameworkName)),
            ("failover_timeout", .number(Double(settings.failoverTimeout.components.seconds))),
            ("ha", .bool(settings.zooKeeper != nil)), ("checkpoint", true), ("executor", "//cmd"),
            ("hostname", .string(settings.advertisedHostname ?? settings.host)),
            ("local_port_min", .number(Double(core.servicePorts.lowerBound))),
            ("local_port_max", .number(Double(core.servicePorts.upperBound))),
            ("decline_offer_duration", .number(core.declineOfferSeconds * 1000)),
            ("min_revive_offers_interval", .number(core.minReviveIntervalSeconds * 1000)),
            ("task_launch_timeout", .number(core.taskLaunchTimeoutSeconds * 1000)),
            ("mesos_role", "*"), ("mesos_user", .string(settings.frameworkUser)),
        ]
        if let perOffer = core.maxInstancesPerOffer { marathon.append(("max_instances_per_offer", .number(Double(perOffer)))) }
        let zk = settings.zooKeeper
        let zookeeper: [(String, JSONValue)] = [
            ("zk", zk.map { .string($0.description) } ?? .null),
            ("zk_session_timeout", .number(Double(settings.zooKeeperSessionTimeout.components.seconds * 1000))),
            ("zk_max_versions", .number(Double(core.maxVersions))),
        ]
        return .object([
            ("name", "marathon"), ("version", .string(Self.version)), ("buildref", "agora"),
            ("elected", .bool(elected)), ("leader", leader.map(JSONValue.string) ?? .null),
            ("frameworkId", frameworkID.map(JSONValue.string) ?? .null),
            ("marathon_config", .object(marathon)), ("zookeeper_config", .object(zookeeper)),
            ("http_config", .object([("http_port", .number(Double(httpPort))), ("https_port", .null)])),
        ])
    }
}
