/// The input rules every `StateStore` backend enforces, before touching storage.
///
/// - Namespace: 1 to 64 bytes of lowercase ASCII letters, digits, `-` and `_`, starting with a
///   letter (it becomes a path component in ZooKeeper and must read well in logs).
/// - Key: non-empty, at most `maxKeyBytes` bytes of UTF-8, no NUL character (C APIs and
///   ZooKeeper paths would cut it there).
/// - Value: at most `maxValueBytes` bytes (ZooKeeper's default request limit is 1 MiB).
public enum StateStoreValidation {
    /// Longest key, in UTF-8 bytes.
    public static let maxKeyBytes = 512
    /// Longest namespace, in bytes.
    public static let maxNamespaceBytes = 64
    /// Largest value, in bytes.
    public static let maxValueBytes = 512 * 1024

    /// Checks a whole batch; throws for the first bad change, so a bad batch touches nothing.
    public static func validate(
        _ changes: [StateChange], namespace: String, maxValueBytes: Int = Self.maxValueBytes
    ) throws(StateStoreError) {
        try self.validate(namespace: namespace)
        for change in changes {
            try self.validate(key: change.key)
            if case .put(let key, let value) = change, value.count > maxValueBytes {
                throw .tooLarge(key: key, bytes: value.count, limit: maxValueBytes)
            }
        }
    }

    /// Throws `invalidNamespace` unless `namespace` follows the rules above.
    public static func validate(namespace: String) throws(StateStoreError) {
        let bytes = namespace.utf8
        guard let first = bytes.first else {
            throw .invalidNamespace(namespace: namespace, reason: "it is empty")
        }
        guard bytes.count <= self.maxNamespaceBytes else {
            throw .invalidNamespace(
                namespace: namespace, reason: "it is \(bytes.count) bytes; the limit is \(self.maxNamespaceBytes)")
        }
        guard Self.isLowercaseLetter(first) else {
            throw .invalidNamespace(namespace: namespace, reason: "it must start with a lowercase ASCII letter")
        }
        guard bytes.allSatisfy({ Self.isLowercaseLetter($0) || Self.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else {
            throw .invalidNamespace(
                namespace: namespace, reason: "only lowercase ASCII letters, digits, '-' and '_' are allowed")
        }
    }

    /// Throws `invalidKey` unless `key` follows the rules above.
    public static func validate(key: String) throws(StateStoreError) {
        let count = key.utf8.count
        guard count > 0 else { throw .invalidKey(key: key, reason: "it is empty") }
        guard count <= self.maxKeyBytes else {
            throw .invalidKey(key: key, reason: "it is \(count) bytes of UTF-8; the limit is \(self.maxKeyBytes)")
        }
        guard !key.utf8.contains(0) else { throw .invalidKey(key: key, reason: "it contains a NUL character") }
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
