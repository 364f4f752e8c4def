/// The two encodings of the Mesos v1 APIs.
public enum MessageEncoding: String, Sendable, Hashable {
    case json = "application/json"
    case protobuf = "application/x-protobuf"

    /// The encoding named by a Content-Type header. Parameters such as `charset` are
    /// ignored (Mesos compares the whole string; no real client sends parameters).
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        guard let encoding = MessageEncoding(rawValue: mediaType) else { return nil }
        self = encoding
    }

    /// What to answer with for an Accept header: JSON when acceptable (and when Accept is
    /// absent), else protobuf, else nil (406).
    public static func negotiate(accept: String?) -> MessageEncoding? {
        guard let accept, !accept.trimmingWhitespace().isEmpty else { return .json }
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
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension String {
    func trimmingWhitespace() -> String { Substring(self).trimmingWhitespace() }
}
