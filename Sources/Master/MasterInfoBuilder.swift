import AgoraServer
import AgoraWire

/// Builds the MasterInfo clients see in SUBSCRIBED (and, later, in ZooKeeper).
enum MasterInfoBuilder {
    static func build(id: String, address: ListeningAddress, hostname: String, version: String) -> Agora_V1_MasterInfo {
        var info = Agora_V1_MasterInfo()
        info.id = id
        info.ip = Self.networkOrderIPv4(address.host)
        info.port = UInt32(address.port)
        info.pid = "master@\(address.host):\(address.port)"
        info.hostname = hostname
        info.version = version
        info.address.hostname = hostname
        info.address.ip = address.host
        info.address.port = Int32(address.port)
        info.capabilities = [Agora_V1_MasterInfo.Capability.with { $0.type = .agentUpdate }]
        return info
    }

    /// `127.0.0.1` as Mesos stores it: the address bytes in network order read as a
    /// little-endian integer (16777343), per MESOS-1201.
    static func networkOrderIPv4(_ text: String) -> UInt32 {
        let octets = text.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return 0 }
        return octets[0] | octets[1] << 8 | octets[2] << 16 | octets[3] << 24
    }
}
