import GRDB

/// SQLite's result codes, told as `StateStoreError`s.
extension SQLiteStateStore {
    func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.translate(error, path: self.path)
        }
    }

    /// Our own errors and `CancellationError` (the batch was rolled back) pass through.
    static func translate(_ error: any Error, path: String) -> any Error {
        switch error {
        case is StateStoreError, is CancellationError: error
        case let error as DatabaseError: Self.translate(error, path: path)
        default: StateStoreError.io("\(path): \(error)")
        }
    }

    private static func translate(_ error: DatabaseError, path: String) -> StateStoreError {
        let message = "\(path): \(error.message ?? "\(error.resultCode)") (SQLite code \(error.extendedResultCode.rawValue))"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
            return .corrupt(message)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH, .SQLITE_BUSY, .SQLITE_LOCKED:
            return .unavailable(message)
        case .SQLITE_MISUSE:
            // GRDB reports use of a closed connection this way (a close raced this call).
            return .unavailable(message)
        default:
            return .io(message)
        }
    }
}
