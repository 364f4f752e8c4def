/// Number formatting identical to RapidJSON's `Writer::Double`, which Mesos uses: the
/// shortest digits that round-trip, always with a fraction or an exponent (`15.0`, `0.5`,
/// `1e30`, `1.5e-7`).
enum JSONNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "\"NaN\"" : (value < 0 ? "\"-Infinity\"" : "\"Infinity\"") }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = Self.shortestDigits(abs(value))
        return (value < 0 ? "-" : "") + Self.prettify(digits: digits, exponent: exponent)
    }

    /// Splits Swift's shortest round-trip representation into significant digits `d` and a
    /// decimal exponent `k` with value = d × 10^k.
    private static func shortestDigits(_ value: Double) -> (digits: [UInt8], exponent: Int) {
        let text = value.description
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        for character in mantissa.utf8 {
            if character == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(character)
            if seenPoint { fractionDigits += 1 }
        }
        exponent -= fractionDigits
        while digits.count > 1, digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        while digits.count > 1, digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        return (digits, exponent)
    }

    /// RapidJSON's `Prettify` (internal/dtoa.h) with maxDecimalPlaces = 324.
    private static func prettify(digits: [UInt8], exponent k: Int) -> String {
        let length = digits.count
        let kk = length + k  // 10^(kk-1) <= v < 10^kk
        let text = String(decoding: digits, as: UTF8.self)
        if k >= 0 && kk <= 21 {
            return text + String(repeating: "0", count: k) + ".0"
        }
        if kk > 0 && kk <= 21 {
            return String(text.prefix(kk)) + "." + String(text.dropFirst(kk))
        }
        if kk > -6 && kk <= 0 {
            return "0." + String(repeating: "0", count: -kk) + text
        }
        let mantissa = length == 1 ? text : String(text.prefix(1)) + "." + String(text.dropFirst())
        return mantissa + "e" + String(kk - 1)
    }
}
