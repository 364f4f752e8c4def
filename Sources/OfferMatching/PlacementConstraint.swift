/// Marathon's constraint operators (reference/marathon-chronos.md §3.3).
public enum ConstraintOperator: String, Hashable, Sendable, Codable, CaseIterable {
    case unique = "UNIQUE"
    case cluster = "CLUSTER"
    case groupBy = "GROUP_BY"
    case like = "LIKE"
    case unlike = "UNLIKE"
    case maxPer = "MAX_PER"
    case `is` = "IS"
}

/// A placement constraint `[field, OPERATOR, value?]` on `hostname` (`@hostname`), `@region`,
/// `@zone` or an agent attribute.
public struct PlacementConstraint: Hashable, Sendable, Codable, CustomStringConvertible {
    public var field: String
    public var `operator`: ConstraintOperator
    public var value: String?

    public init(field: String, operator: ConstraintOperator, value: String? = nil) {
        self.field = field
        self.operator = `operator`
        self.value = value
    }

    /// Marathon's JSON array form, e.g. `["hostname","UNIQUE"]`, `["rack","GROUP_BY","3"]`.
    public var fields: [String] {
        [self.field, self.operator.rawValue] + (self.value.map { [$0] } ?? [])
    }

    public var description: String { "[" + self.fields.map { "\"\($0)\"" }.joined(separator: ",") + "]" }

    /// Parses and validates Marathon's array form. An empty third element counts as absent
    /// (Marathon echoes `["hostname","UNIQUE",""]`).
    public static func parse(_ fields: [String]) throws(ConstraintError) -> PlacementConstraint {
        guard fields.count == 2 || fields.count == 3 else { throw .wrongFieldCount }
        guard !fields[0].isEmpty else { throw .emptyField }
        guard let op = ConstraintOperator(rawValue: fields[1]) else { throw .unknownOperator(fields[1]) }
        let value = fields.count == 3 && !fields[2].isEmpty ? fields[2] : nil
        let constraint = PlacementConstraint(field: fields[0], operator: op, value: value)
        try constraint.validate()
        return constraint
    }

    /// Checks the value against the operator's rules.
    public func validate() throws(ConstraintError) {
        switch self.operator {
        case .unique:
            if self.value != nil { throw .valueNotUsed }
        case .cluster:
            break
        case .groupBy:
            if let value, value != "inf", Int(value) == nil { throw .notANumber(value) }
        case .maxPer:
            guard let value else { throw .missingValue(self.operator) }
            guard Int(value) != nil else { throw .notANumber(value) }
        case .like, .unlike:
            guard let value else { throw .missingValue(self.operator) }
            do { _ = try Regex(value) } catch { throw .invalidRegex(value) }
        case .is:
            guard self.value != nil else { throw .missingValue(self.operator) }
        }
    }
}

/// Why a constraint is invalid; `description` is the message for the 422 body.
public enum ConstraintError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongFieldCount
    case emptyField
    case unknownOperator(String)
    case valueNotUsed
    case missingValue(ConstraintOperator)
    case notANumber(String)
    case invalidRegex(String)

    public var description: String {
        switch self {
        case .wrongFieldCount: "Each constraint must have either 2 or 3 fields"
        case .emptyField: "Constraint field must not be empty"
        case .unknownOperator(let op):
            "Constraint operator '\(op)' must be one of the following: "
                + ConstraintOperator.allCases.map(\.rawValue).joined(separator: ", ")
        case .valueNotUsed: "Value specified but not used"
        case .missingValue(let op): "Value was not specified for operator \(op.rawValue)"
        case .notANumber(let value): "Value '\(value)' was specified but is not a number"
        case .invalidRegex(let value): "'\(value)' is not a valid regular expression"
        }
    }
}
