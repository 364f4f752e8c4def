import Foundation

/// The parts of Mesos's `MasterInfo` JSON (what a leading master writes into its group node)
/// that locate it, e.g. `{"id":"...","ip":16777343,"port":5050,"pid":"master@127.0.0.1:5050",
/// "hostname":"h","version":"1.12.0","address":{"hostname":"h","ip":"127.0.0.1","port":5050}}`.
/// Unknown fields are ignored.
public struct MasterInfo: Sendable, Equatable, Decodable {
    /// `Address` of the master.
    public struct Address: Sendable, Equatable, Decodable {
        /// Host name.
        public var hostname: String?
        /// IP address as text (IPv4 or IPv6).
        public var ip: String?
        /// Port.
        public var port: Int?
    }

    /// The master's id.
    public var id: String?
    /// IPv4 address as an integer in network byte order (Mesos's `uint32 ip`).
    public var ip: Int64?
    /// The master's port.
    public var port: Int?
    /// libprocess PID, `master@ip:port`.
    public var pid: String?
    /// Host name.
    public var hostname: String?
    /// Mesos version, e.g. `1.12.0`.
    public var version: String?
    /// Address (preferred over the top-level fields).
    public var address: Address?

    /// Decodes the node data; throws with the reason when it is not MasterInfo JSON.
    public static func decode(_ data: [UInt8]) throws(MasterInfoError) -> MasterInfo {
        do {
            return try JSONDecoder().decode(MasterInfo.self, from: Data(data))
        } catch {
            throw MasterInfoError(reason: "not MasterInfo JSON (\(Self.summary(of: error)))")
        }
    }

    /// `http://<host>:<port>`: host from `address.ip`, else `address.hostname`, else
    /// `hostname`, else the integer `ip`; port from `address.port`, else `port`.
    public func baseURL() throws(MasterInfoError) -> String {
        let host = self.address?.ip ?? self.address?.hostname ?? self.hostname ?? self.ip.map(Self.dotted)
        guard let host, !host.isEmpty else { throw MasterInfoError(reason: "MasterInfo has no address.ip, address.hostname, hostname or ip") }
        guard let port = self.address?.port ?? self.port, (1...65535).contains(port) else {
            throw MasterInfoError(reason: "MasterInfo has no valid port")
        }
        return "http://\(HostPort(host: host, port: port))"
    }

    /// 16777343 → "127.0.0.1": the integer holds the address bytes in network order.
    static func dotted(_ ip: Int64) -> String {
        let value = UInt32(truncatingIfNeeded: ip)
        return [0, 8, 16, 24].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.typeMismatch(_, let context): "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}

/// Leader data that does not locate a master.
public struct MasterInfoError: Error, Equatable, CustomStringConvertible {
    /// What is wrong with the data.
    public let reason: String

    /// An error saying `reason`.
    public init(reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { self.reason }
}
