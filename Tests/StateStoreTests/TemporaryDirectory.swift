import Foundation

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        let pattern = NSTemporaryDirectory() + "/statestore-test-XXXXXX"
        var template = Array(pattern.utf8CString)
        guard let created = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: pattern])
        }
        self.path = String(cString: created)
    }

    func remove() throws {
        try FileManager.default.removeItem(atPath: self.path)
    }
}
