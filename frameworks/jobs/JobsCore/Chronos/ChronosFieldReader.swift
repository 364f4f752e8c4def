/// A rejected Chronos request; the message names the field (Chronos answers 400 with it).
struct ChronosInputError: Error, Hashable {
    var message: String
}

/// Typed reads of a Chronos job object. `null` counts as absent (as Chronos's deserializer
/// treats it); a value of the wrong type is an error naming the field.
struct ChronosFieldReader {
    private let members: [String: JSONValue]

    init(_ json: JSONValue) throws(ChronosInputError) {
        guard let members = json.objectMembers else {
            throw ChronosInputError(message: "The job must be a JSON object")
        }
        var table: [String: JSONValue] = [:]
        for (key, value) in members where !value.isNull { table[key] = value }
        self.members = table
    }

    func has(_ key: String) -> Bool { self.members[key] != nil }

    func string(_ key: String) throws(ChronosInputError) -> String? {
        guard let value = self.members[key] else { return nil }
        guard let text = value.stringValue else { throw Self.wrongType(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws(ChronosInputError) -> Bool? {
        guard let value = self.members[key] else { return nil }
        guard case .bool(let flag) = value else { throw Self.wrongType(key, "a boolean", value) }
        return flag
    }

    func number(_ key: String) throws(ChronosInputError) -> Double? {
        guard let value = self.members[key] else { return nil }
        guard let number = value.numberValue else { throw Self.wrongType(key, "a number", value) }
        return number
    }

    func integer(_ key: String) throws(ChronosInputError) -> Int? {
        guard let number = try self.number(key) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw Self.wrongType(key, "an integer", .number(number))
        }
        return Int(number)
    }

    func array(_ key: String) throws(ChronosInputError) -> [JSONValue]? {
        guard let value = self.members[key] else { return nil }
        guard case .array(let items) = value else { throw Self.wrongType(key, "an array", value) }
        return items
    }

    func strings(_ key: String) throws(ChronosInputError) -> [String]? {
        guard let items = try self.array(key) else { return nil }
        var result: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw Self.wrongType(key, "an array of strings", .array(items)) }
            result.append(text)
        }
        return result
    }

    /// The members of each object in an array field.
    func objects(_ key: String) throws(ChronosInputError) -> [ChronosFieldReader]? {
        guard let items = try self.array(key) else { return nil }
        var result: [ChronosFieldReader] = []
        for item in items {
            guard case .object = item else { throw Self.wrongType(key, "an array of objects", .array(items)) }
            result.append(try ChronosFieldReader(item))
        }
        return result
    }

    /// A non-negative number, or nil when absent.
    func nonNegative(_ key: String) throws(ChronosInputError) -> Double? {
        guard let number = try self.number(key) else { return nil }
        guard number >= 0 else { throw ChronosInputError(message: "Field '\(key)' must not be negative (got \(JSONValue.format(number)))") }
        return number
    }

    func raw(_ key: String) -> JSONValue? { self.members[key] }

    private static func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> ChronosInputError {
        ChronosInputError(message: "Field '\(key)' must be \(expected), got \(value.serialized())")
    }
}
