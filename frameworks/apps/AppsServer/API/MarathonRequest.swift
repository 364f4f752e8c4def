import AppsCore
import HTTPTypes

/// A request to the Marathon API with Marathon's parsing rules (reference §2.1): empty path
/// segments dropped (`/v2/apps//g/a` is `/v2/apps/g/a`), repeated query parameters,
/// booleans in any case (`True`, `false`), JSON bodies with Marathon's errors.
struct MarathonRequest: Sendable {
    let method: HTTPRequest.Method
    /// Path segments, percent-decoded, without empty ones.
    let segments: [String]
    /// Query parameters in order, `+` read as a space, percent-decoded.
    let query: [(name: String, value: String)]
    let headers: HTTPFields
    /// The `Host` the client addressed.
    let authority: String?
    let body: [UInt8]
    let origin: RequestOrigin
    /// Who the request authenticated as (nil: anonymous), for the ACLs.
    let principal: String?

    init(
        method: HTTPRequest.Method, path: String, query: String?, headers: HTTPFields, authority: String?, body: [UInt8],
        origin: RequestOrigin, principal: String? = nil
    ) {
        self.principal = principal
        self.method = method
        self.segments = path.split(separator: "/").map { Self.decode(Substring($0)) }.filter { !$0.isEmpty }
        self.query = (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0], plusIsSpace: true), parts.count > 1 ? Self.decode(parts[1], plusIsSpace: true) : "")
        }
        self.headers = headers
        self.authority = authority
        self.body = body
        self.origin = origin
    }

    /// Every value of `name` (also given as `name[]`).
    func values(_ name: String) -> [String] {
        self.query.filter { $0.name == name || $0.name == name + "[]" }.map(\.value)
    }

    /// The last value of `name`.
    func value(_ name: String) -> String? { self.values(name).last }

    /// A boolean parameter: `true`/`false` in any case; absent means `defaultValue`.
    func flag(_ name: String, default defaultValue: Bool) throws(MarathonError) -> Bool {
        guard let text = self.value(name) else { return defaultValue }
        switch text.lowercased() {
        case "true", "": return true
        case "false": return false
        default: throw MarathonError(status: .badRequest, message: "Query parameter '\(name)' must be true or false, not '\(text)'")
        }
    }

    /// The body as JSON; malformed JSON is a 400 naming the problem.
    func json() throws(MarathonError) -> JSONValue {
        do {
            return try JSONValue.parse(self.body)
        } catch {
            throw MarathonError(status: .badRequest, body: .object([("message", "Invalid JSON"), ("details", .string(error.description))]))
        }
    }

    /// `http(s)://host:port` as the client addressed us, for `Location` (https when the
    /// process speaks TLS).
    func base(fallback: String) -> String {
        LeaderProxy.scheme + "://" + (self.authority ?? fallback)
    }

    /// Percent-decodes `text` (invalid escapes stay as they are).
    static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An answer other than success: status, JSON body and headers.
struct MarathonError: Error, Sendable {
    let status: HTTPResponse.Status
    let body: JSONValue
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, body: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// `{"message": message}`.
    init(status: HTTPResponse.Status, message: String) {
        self.init(status: status, body: .object([("message", .string(message))]))
    }

    /// The core's refusal, with Marathon's status and body (reference §2.2).
    init(_ error: AppsAPIError) {
        self.init(status: HTTPResponse.Status(code: error.statusCode), body: error.json)
    }

    static func notFound(_ message: String) -> MarathonError { MarathonError(status: .notFound, message: message) }
    static let uriNotFound = MarathonError(status: .notFound, message: "URI not found")
    static let methodNotAllowed = MarathonError(status: .methodNotAllowed, message: "HTTP 405 Method Not Allowed")
}
