import Coordination

extension ZooKeeperStateStore {
    /// What a ZooKeeper failure means to a store user.
    static func storeError(_ error: ZooKeeperError, during action: String, fence: String? = nil) -> StateStoreError {
        switch error {
        case .multiFailed(_, let operation, let cause):
            if let fence, operation.path == fence, case .noNode = cause {
                return .fenced("\(action): this writer's leadership node \(fence) is gone (another master leads)")
            }
            return Self.storeError(cause, during: "\(action) (\(operation))", fence: nil)
        case .badVersion, .nodeExists, .noNode:
            return .conflict("\(action): \(error); another writer changed the store")
        case .sessionExpired:
            return .fenced("\(action): \(error)")
        case .noAuth, .authFailed:
            return .unavailable("\(action): \(error)")
        case .connectionLoss, .operationTimeout, .closing, .connectTimeout, .cancelled:
            return .unavailable("\(action): \(error)")
        case .notEmpty, .noChildrenForEphemerals, .invalidPath, .badArguments, .other:
            return .io("\(action): \(error)")
        }
    }
}

/// Keys as node names: percent-encoding of everything but `[A-Za-z0-9._-]`, so `/` and
/// other characters ZooKeeper gives meaning to never reach a path (and `.`/`..` cannot occur).
enum ZooKeeperKey {
    static func encode(_ key: String) -> String {
        var name = ""
        for byte in key.utf8 {
            if Self.isPlain(byte) && !(name.isEmpty && byte == UInt8(ascii: ".")) {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                name += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return name
    }

    static func decode(_ name: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = name.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
