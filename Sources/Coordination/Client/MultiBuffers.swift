import CZooKeeper
#if canImport(Glibc)
import Glibc
#endif

/// The C memory of one `zoo_amulti` call. The library reads paths and data while the call
/// is made but writes results, created paths and stats when the reply arrives, so all of it
/// lives until the completion has been delivered. Touched by one thread at a time: the
/// caller builds it, then only the completion callback reads it.
final class MultiBuffers: @unchecked Sendable {
    static let pathCapacity = 1024

    let operations: [ZooKeeperOperation]
    let ops: UnsafeMutablePointer<zoo_op_t>
    let results: UnsafeMutablePointer<zoo_op_result_t>
    private var owned: [UnsafeMutableRawPointer] = []
    private var stats: [Int: UnsafeMutablePointer<Stat>] = [:]

    init(_ operations: [ZooKeeperOperation], acl: UnsafeMutablePointer<ACL_vector>) {
        self.operations = operations
        self.ops = .allocate(capacity: max(operations.count, 1))
        self.results = .allocate(capacity: max(operations.count, 1))
        self.results.initialize(repeating: zoo_op_result_t(), count: max(operations.count, 1))
        for (index, operation) in operations.enumerated() { self.prepare(index, operation, acl: acl) }
    }

    deinit {
        for pointer in self.owned { free(pointer) }
        for stat in self.stats.values { stat.deallocate() }
        self.ops.deallocate()
        self.results.deallocate()
    }

    /// What each operation produced, once the multi succeeded.
    func decodedResults() -> [ZooKeeperOperationResult] {
        self.operations.enumerated().map { index, operation in
            switch operation {
            case .create: .created(path: String(cString: self.ops[index].create_op.buf))
            case .set: .set(NodeStat(self.stats[index]!.pointee))
            case .delete: .deleted
            case .check: .checked
            }
        }
    }

    /// The failing operation of a failed multi: the first whose code is neither ZOK nor
    /// ZRUNTIMEINCONSISTENCY (which marks the operations rolled back because of it).
    func failure() -> (index: Int, code: Int32)? {
        for index in self.operations.indices {
            let code = self.results[index].err
            if code != ZOK.rawValue && code != ZRUNTIMEINCONSISTENCY.rawValue { return (index, code) }
        }
        return nil
    }

    private func prepare(_ index: Int, _ operation: ZooKeeperOperation, acl: UnsafeMutablePointer<ACL_vector>) {
        let op = self.ops + index
        switch operation {
        case .create(let path, let data, let mode):
            let buffer = self.allocate(Self.pathCapacity)
            let (bytes, length) = self.copy(data)
            zoo_create_op_init(op, self.copy(path), bytes, length, acl, mode.flags, buffer, Int32(Self.pathCapacity))
        case .set(let path, let data, let version):
            let stat = UnsafeMutablePointer<Stat>.allocate(capacity: 1)
            stat.initialize(to: Stat())
            self.stats[index] = stat
            let (bytes, length) = self.copy(data)
            zoo_set_op_init(op, self.copy(path), bytes, length, version, stat)
        case .delete(let path, let version):
            zoo_delete_op_init(op, self.copy(path), version)
        case .check(let path, let version):
            zoo_check_op_init(op, self.copy(path), version)
        }
    }

    private func allocate(_ count: Int) -> UnsafeMutablePointer<CChar> {
        let pointer = calloc(count, 1)!
        self.owned.append(pointer)
        return pointer.assumingMemoryBound(to: CChar.self)
    }

    private func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        self.owned.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    private func copy(_ data: [UInt8]) -> (UnsafeMutablePointer<CChar>?, Int32) {
        guard !data.isEmpty else { return (nil, -1) }
        let pointer = self.allocate(data.count)
        data.withUnsafeBytes { UnsafeMutableRawPointer(pointer).copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        return (pointer, Int32(data.count))
    }
}
