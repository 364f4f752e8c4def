/// Why a JSON document could not be read.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var problem: String
    public var description: String { "\(self.problem) at byte \(self.offset)" }
}

extension JSONValue {
    /// Parses one JSON document (RFC 8259); trailing non-whitespace is an error.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("Unexpected trailing characters") }
        return value
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try parse(Array(text.utf8)) }
}

struct JSONParser {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ problem: String) -> JSONSyntaxError { JSONSyntaxError(offset: self.position, problem: problem) }

    mutating func skipWhitespace() {
        while self.position < self.bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(self.bytes[self.position]) {
            self.position += 1
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 512 else { throw self.error("Nesting too deep") }
        self.skipWhitespace()
        guard self.position < self.bytes.count else { throw self.error("Unexpected end of input") }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"): return try self.object(depth: depth)
        case UInt8(ascii: "["): return try self.array(depth: depth)
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): try self.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try self.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try self.literal("null"); return .null
        default: return .number(try self.number())
        }
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard self.bytes.count - self.position >= expected.count,
            Array(self.bytes[self.position..<self.position + expected.count]) == expected
        else { throw self.error("Unexpected character") }
        self.position += expected.count
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        self.position += 1
        var members: [(String, JSONValue)] = []
        self.skipWhitespace()
        if self.peek(UInt8(ascii: "}")) { return .object(members) }
        while true {
            self.skipWhitespace()
            guard self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: "\"") else {
                throw self.error("Expected a string key")
            }
            let key = try self.string()
            self.skipWhitespace()
            guard self.peek(UInt8(ascii: ":")) else { throw self.error("Expected ':'") }
            members.append((key, try self.value(depth: depth + 1)))
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "}")) { return .object(members) }
            guard self.peek(UInt8(ascii: ",")) else { throw self.error("Expected ',' or '}'") }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        self.position += 1
        var items: [JSONValue] = []
        self.skipWhitespace()
        if self.peek(UInt8(ascii: "]")) { return .array(items) }
        while true {
            items.append(try self.value(depth: depth + 1))
            self.skipWhitespace()
            if self.peek(UInt8(ascii: "]")) { return .array(items) }
            guard self.peek(UInt8(ascii: ",")) else { throw self.error("Expected ',' or ']'") }
        }
    }

    /// Consumes `byte` if it is next.
    mutating func peek(_ byte: UInt8) -> Bool {
        guard self.position < self.bytes.count, self.bytes[self.position] == byte else { return false }
        self.position += 1
        return true
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = self.position
        let allowed = Set("+-0123456789.eE".utf8)
        while self.position < self.bytes.count, allowed.contains(self.bytes[self.position]) { self.position += 1 }
        let text = String(decoding: self.bytes[start..<self.position], as: UTF8.self)
        guard !text.isEmpty, let value = Double(text), value.isFinite, text.first != "+" else {
            self.position = start
            throw self.error("Unexpected character")
        }
        return value
    }
}
