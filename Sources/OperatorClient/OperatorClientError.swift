import AgoraHTTPClient

/// Why an operator call failed, sorted so a command line can choose its exit code.
public struct OperatorClientError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, by what a caller does about it.
    public enum Kind: Sendable, Equatable {
        /// 400: the call was malformed or refused; `message` says why (Mesos's words).
        case badRequest
        /// 404: what the call names does not exist.
        case notFound
        /// 501: the server does not serve this call.
        case notImplemented
        /// 503, or no leading master found: nobody can answer now.
        case unavailable
        /// The server could not be reached or the connection broke.
        case transport
        /// Any other answer.
        case unexpected
    }

    /// What went wrong.
    public let kind: Kind
    /// The HTTP status, when the server answered.
    public let status: Int?
    public let message: String

    /// An error of `kind`, with the HTTP status when there was an answer.
    public init(kind: Kind, status: Int? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    /// The message alone, as a command line prints it.
    public var description: String { self.message }

    /// Sorts a server's refusal by its status code.
    init(_ error: V1CallError) {
        let kind: Kind = switch error.status {
        case 400: .badRequest
        case 404: .notFound
        case 501: .notImplemented
        case 503: .unavailable
        default: .unexpected
        }
        let message = error.message.isEmpty ? "the master answered HTTP \(error.status)" : error.message
        self.init(kind: kind, status: error.status, message: message)
    }
}
