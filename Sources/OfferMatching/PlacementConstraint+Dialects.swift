extension PlacementConstraint {
    /// A Chronos constraint `[attribute, EQUALS|LIKE|UNLIKE, value]`; `EQUALS` is Marathon's `IS`.
    public static func chronos(_ fields: [String]) throws(ConstraintError) -> PlacementConstraint {
        guard fields.count == 3 else { throw .wrongFieldCount }
        let op: ConstraintOperator
        switch fields[1] {
        case "EQUALS": op = .is
        case "LIKE": op = .like
        case "UNLIKE": op = .unlike
        default: throw .unknownOperator(fields[1])
        }
        return try Self.validated(field: fields[0], op: op, value: fields[2])
    }

    /// A Metronome placement constraint `{attribute, operator: IS|EQ|LIKE|UNLIKE, value}`; `EQ` is `IS`.
    public static func metronome(attribute: String, operator name: String, value: String?) throws(ConstraintError)
        -> PlacementConstraint
    {
        let op: ConstraintOperator
        switch name {
        case "IS", "EQ": op = .is
        case "LIKE": op = .like
        case "UNLIKE": op = .unlike
        default: throw .unknownOperator(name)
        }
        return try Self.validated(field: attribute, op: op, value: value)
    }

    private static func validated(field: String, op: ConstraintOperator, value: String?) throws(ConstraintError)
        -> PlacementConstraint
    {
        guard !field.isEmpty else { throw .emptyField }
        let constraint = PlacementConstraint(field: field, operator: op, value: value?.isEmpty == false ? value : nil)
        try constraint.validate()
        return constraint
    }
}
