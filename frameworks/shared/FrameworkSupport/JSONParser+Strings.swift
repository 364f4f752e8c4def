extension JSONParser {
    mutating func string() throws(JSONSyntaxError) -> String {
        self.position += 1
        var scalars = String.UnicodeScalarView()
        var run = self.position
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            if byte == UInt8(ascii: "\"") {
                scalars.append(contentsOf: String(decoding: self.bytes[run..<self.position], as: UTF8.self).unicodeScalars)
                self.position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw self.error("Control character in string") }
            if byte == UInt8(ascii: "\\") {
                scalars.append(contentsOf: String(decoding: self.bytes[run..<self.position], as: UTF8.self).unicodeScalars)
                self.position += 1
                scalars.append(try self.escape())
                run = self.position
                continue
            }
            self.position += 1
        }
        throw self.error("Unterminated string")
    }

    private mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard self.position < self.bytes.count else { throw self.error("Unterminated escape") }
        let byte = self.bytes[self.position]
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try self.unicodeEscape()
        default: throw self.error("Invalid escape")
        }
    }

    private mutating func unicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try self.hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard self.peek(UInt8(ascii: "\\")), self.peek(UInt8(ascii: "u")) else { throw self.error("Unpaired surrogate") }
            let low = try self.hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw self.error("Invalid surrogate pair") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw self.error("Unpaired surrogate") }
        return scalar
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard self.bytes.count - self.position >= 4 else { throw self.error("Short unicode escape") }
        let text = String(decoding: self.bytes[self.position..<self.position + 4], as: UTF8.self)
        guard let value = UInt32(text, radix: 16) else { throw self.error("Invalid unicode escape") }
        self.position += 4
        return value
    }
}
