#if canImport(Glibc)
import Glibc
#endif

/// The IPv4 address executors reach the agent at (MESOS_AGENT_ENDPOINT is `ip:port`, as
/// in Mesos): a bind hostname is resolved once here, and the wildcard address becomes
/// loopback, so executors never need a name lookup.
enum EndpointAddress {
    static func ipv4(for host: String) -> String {
        if host == "0.0.0.0" { return "127.0.0.1" }
        var numeric = in_addr()
        if inet_pton(AF_INET, host, &numeric) == 1 { return host }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let info = result else { return host }
        defer { freeaddrinfo(result) }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let resolved = info.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
            var ip = address.pointee.sin_addr
            return inet_ntop(AF_INET, &ip, &text, socklen_t(text.count)) != nil
        }
        return resolved ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : host
    }
}
