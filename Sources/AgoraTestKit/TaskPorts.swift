import Synchronization

/// Host ports for the tasks of test clusters, handed out so that no two agents started by this
/// test process offer the same port: tests run side by side, and tasks of two clusters given
/// one port either fail to bind or answer each other's health checks.
///
/// Blocks come from 20000–29999, below Linux's ephemeral range (32768+), where the servers'
/// own listening ports come from.
public enum TaskPorts {
    static let first = 20_000
    static let blocks = 100
    static let blockSize = 100
    private static let next = Atomic<Int>(0)

    /// A block of `count` (at most 100) ports of its own, as the resource text `[first-last]`.
    public static func range(_ count: Int = 100) -> String {
        precondition((1...Self.blockSize).contains(count), "at most \(Self.blockSize) ports per block")
        let block = Self.next.add(1, ordering: .relaxed).oldValue % Self.blocks
        let start = Self.first + block * Self.blockSize
        return "[\(start)-\(start + count - 1)]"
    }

    /// Agent resources with a block of ports of their own.
    public static func resources(cpus: Double = 2, mem: Int = 2048, disk: Int = 1024, ports: Int = 100) -> String {
        "cpus:\(cpus);mem:\(mem);disk:\(disk);ports:\(Self.range(ports))"
    }
}
