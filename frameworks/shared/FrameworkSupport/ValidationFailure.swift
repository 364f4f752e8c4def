/// Errors at one JSON path, as in Marathon's 422 body `{"path":"/cpus","errors":[...]}`.
public struct ValidationDetail: Hashable, Sendable {
    public var path: String
    public var errors: [String]

    public init(path: String, errors: [String]) {
        self.path = path
        self.errors = errors
    }
}

/// A rejected app definition: Marathon's `{"message":..., "details":[{path, errors}]}`.
public struct ValidationFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// `Object is not valid` for rule violations, `Invalid JSON` when a field has the wrong type.
    public var message: String
    /// Grouped by path, in the order problems were found.
    public var details: [ValidationDetail]

    public init(message: String = "Object is not valid", details: [ValidationDetail]) {
        self.message = message
        self.details = details
    }

    /// The 422 response body.
    public var json: JSONValue {
        .object([
            ("message", .string(self.message)),
            ("details", .array(self.details.map { .object([("path", .string($0.path)), ("errors", .array($0.errors.map(JSONValue.string)))]) })),
        ])
    }

    public var description: String {
        self.message + ": " + self.details.map { "\($0.path): \($0.errors.joined(separator: "; "))" }.joined(separator: ", ")
    }
}

/// Collects problems by path while decoding or validating.
public struct ProblemList {
    /// The problems by path, in the order first found.
    public private(set) var details: [ValidationDetail] = []
    /// Whether a value had the wrong JSON type (Marathon then says "Invalid JSON").
    public private(set) var hasTypeErrors = false

    /// An empty list.
    public init() {}

    /// Records `error` at `path`.
    public mutating func add(_ path: String, _ error: String, typeError: Bool = false) {
        if typeError { self.hasTypeErrors = true }
        if let index = self.details.firstIndex(where: { $0.path == path }) {
            self.details[index].errors.append(error)
        } else {
            self.details.append(ValidationDetail(path: path, errors: [error]))
        }
    }

    /// Records everything `other` found.
    public mutating func merge(_ other: ProblemList) {
        for detail in other.details { for error in detail.errors { self.add(detail.path, error) } }
        self.hasTypeErrors = self.hasTypeErrors || other.hasTypeErrors
    }

    /// Nothing was found wrong.
    public var isEmpty: Bool { self.details.isEmpty }

    /// The failure to answer with, or nil if nothing was found wrong.
    public var failure: ValidationFailure? {
        guard !self.details.isEmpty else { return nil }
        return ValidationFailure(message: self.hasTypeErrors ? "Invalid JSON" : "Object is not valid", details: self.details)
    }
}
