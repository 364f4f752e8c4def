/// Typed reads from JSON values that record play-json style type errors
/// (`error.expected.jsnumber`, ...) at their paths instead of throwing.
public struct JSONReader {
    /// What the reads so far found wrong.
    public var problems = ProblemList()

    /// A reader with no problems yet.
    public init() {}

    public mutating func string(_ value: JSONValue, _ path: String) -> String? {
        if case .string(let text) = value { return text }
        self.problems.add(path, "error.expected.jsstring", typeError: true)
        return nil
    }

    public mutating func number(_ value: JSONValue, _ path: String) -> Double? {
        if case .number(let number) = value { return number }
        self.problems.add(path, "error.expected.jsnumber", typeError: true)
        return nil
    }

    public mutating func int(_ value: JSONValue, _ path: String) -> Int? {
        guard let number = self.number(value, path) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            self.problems.add(path, "error.expected.int", typeError: true)
            return nil
        }
        return Int(number)
    }

    public mutating func bool(_ value: JSONValue, _ path: String) -> Bool? {
        if case .bool(let flag) = value { return flag }
        self.problems.add(path, "error.expected.jsboolean", typeError: true)
        return nil
    }

    public mutating func array(_ value: JSONValue, _ path: String) -> [JSONValue]? {
        if case .array(let items) = value { return items }
        self.problems.add(path, "error.expected.jsarray", typeError: true)
        return nil
    }

    public mutating func object(_ value: JSONValue, _ path: String) -> [(String, JSONValue)]? {
        if case .object(let members) = value { return members }
        self.problems.add(path, "error.expected.jsobject", typeError: true)
        return nil
    }

    /// An array of strings; bad elements are reported at `path(i)`.
    public mutating func strings(_ value: JSONValue, _ path: String) -> [String]? {
        guard let items = self.array(value, path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = self.string(item, "\(path)(\(index))") else { return nil }
            result.append(text)
        }
        return result
    }

    /// An object of string values (labels).
    public mutating func stringMap(_ value: JSONValue, _ path: String) -> [String: String]? {
        guard let members = self.object(value, path) else { return nil }
        var result: [String: String] = [:]
        for (key, item) in members {
            guard let text = self.string(item, "\(path)/\(key)") else { return nil }
            result[key] = text
        }
        return result
    }

    /// Calls `body` for each non-null member of an object, with the member's path.
    public mutating func members(_ value: JSONValue, _ path: String, _ body: (inout JSONReader, String, JSONValue, String) -> Void) {
        guard let members = self.object(value, path) else { return }
        for (key, item) in members where !item.isNull {
            body(&self, key, item, path == "/" ? "/\(key)" : "\(path)/\(key)")
        }
    }
}
