/// A JSON document built in code, written compactly with keys in insertion order.
/// Used for the operator endpoints (`/state`, `/metrics/snapshot`), whose shapes are not
/// protobuf messages.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// An object from key/value pairs, dropping the pairs whose value is nil.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Compact JSON text.
    public var bytes: [UInt8] {
        var writer = JSONWriter()
        self.write(to: &writer)
        return writer.bytes
    }

    public var text: String { String(decoding: self.bytes, as: UTF8.self) }

    private func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeRaw("null")
        case .bool(let flag): writer.writeBool(flag)
        case .int(let number): writer.writeRaw(String(number))
        case .double(let number): writer.writeDouble(number)
        case .string(let text): writer.writeString(text)
        case .array(let elements):
            writer.writeRaw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.writeRaw(",") }
                element.write(to: &writer)
            }
            writer.writeRaw("]")
        case .object(let pairs):
            writer.writeRaw("{")
            for (index, pair) in pairs.enumerated() {
                if index > 0 { writer.writeRaw(",") }
                writer.writeString(pair.0)
                writer.writeRaw(":")
                pair.1.write(to: &writer)
            }
            writer.writeRaw("}")
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.bytes == rhs.bytes }
}
