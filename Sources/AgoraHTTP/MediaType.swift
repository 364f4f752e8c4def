/// The two encodings of the Mesos v1 APIs.
public enum MessageEncoding: String, Sendable, Hashable {
    case json = "application/json"
    case protobuf = "application/x-protobuf"

    /// The encoding named by a Content-Type header. Parameters such as `charset` are
    /// ignored (Mesos compares the whole string; no real client sends parameters).
    public init?(contentType: String) {
        if let exact = MessageEncoding(rawValue: contentType) {
            self = exact
            return
        }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        guard let encoding = MessageEncoding(rawValue: mediaType) else { return nil }
        self = encoding
    }

    /// What to answer with for an Accept header: JSON when acceptable (and when Accept is
    /// absent), else protobuf, else nil (406).
    public static func negotiate(accept: String?) -> MessageEncoding? {
        guard let accept, !accept.trimmingWhitespace().isEmpty else { return .json }
        if let exact = MessageEncoding(rawValue: accept) { return exact }
        let ranges = accept.split(separator: ",").map { range in
            range.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        }
        if ranges.contains(where: { ["application/json", "application/*", "*/*"].contains($0) }) { return .json }
        if ranges.contains("application/x-protobuf") { return .protobuf }
        return nil
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        guard let first = self.firstIndex(where: { !$0.isWhitespace }), let last = self.lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    func trimmingWhitespace() -> String { Substring(self).trimmingWhitespace() }
}
