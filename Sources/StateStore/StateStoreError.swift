/// Why a `StateStore` operation failed.
public enum StateStoreError: Error, CustomStringConvertible, Hashable {
    /// The store cannot be reached or opened (including: owned by another process, closed).
    case unavailable(String)
    /// This writer lost the right to write (a deposed leader).
    case fenced(String)
    /// Someone else changed an entry since we read it.
    case conflict(String)
    /// A value exceeds the backend's size limit.
    case tooLarge(key: String, bytes: Int, limit: Int)
    /// The stored data was written in a format version this build does not know.
    case incompatibleFormat(found: Int, supported: Int)
    /// The stored data is damaged or is not a state store at all.
    case corrupt(String)
    /// Reading or writing stable storage failed.
    case io(String)
    /// A key breaks the rules in `StateStoreValidation` (nothing was touched).
    case invalidKey(key: String, reason: String)
    /// A namespace breaks the rules in `StateStoreValidation` (nothing was touched).
    case invalidNamespace(namespace: String, reason: String)

    public var description: String {
        switch self {
        case .unavailable(let message): "state store unavailable: \(message)"
        case .fenced(let message): "state store write fenced: \(message)"
        case .conflict(let message): "state store conflict: \(message)"
        case .tooLarge(let key, let bytes, let limit):
            "value of state key \(Self.quoted(key)) is \(bytes) bytes; the limit is \(limit)"
        case .incompatibleFormat(let found, let supported):
            "state store has format version \(found); this build supports up to version \(supported)"
        case .corrupt(let message): "state store corrupt: \(message)"
        case .io(let message): "state store I/O error: \(message)"
        case .invalidKey(let key, let reason): "invalid state key \(Self.quoted(key)): \(reason)"
        case .invalidNamespace(let namespace, let reason):
            "invalid state namespace \(Self.quoted(namespace)): \(reason)"
        }
    }

    /// Quotes and escapes a key for a message, shortened so a huge key cannot flood a log.
    static func quoted(_ text: String) -> String {
        let limit = 80
        guard text.count > limit else { return text.debugDescription }
        return String(text.prefix(limit)).debugDescription + "… (\(text.utf8.count) bytes)"
    }
}
