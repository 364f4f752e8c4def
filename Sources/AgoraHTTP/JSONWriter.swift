import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

/// Writes compact JSON the way stout (RapidJSON underneath) does.
struct JSONWriter {
    var bytes: [UInt8] = []

    init() { self.bytes.reserveCapacity(256) }

    mutating func writeMessage<M: SwiftProtobuf.Message>(_ message: M) throws(MesosJSONError) {
        guard let schema = ProtoSchemas.messages[M.protoMessageName] else {
            throw MesosJSONError("No JSON schema for \(M.protoMessageName)")
        }
        var visitor = MesosJSONFieldVisitor(schema: schema)
        do {
            try message.traverse(visitor: &visitor)
        } catch let error as MesosJSONError {
            throw error
        } catch {
            throw MesosJSONError("Failed to encode \(M.protoMessageName): \(error)")
        }
        self.writeFields(visitor.fragments, schema: schema)
    }

    /// Emits fields in declaration order, filling in declared defaults for unset ones.
    private mutating func writeFields(_ fragments: [[UInt8]?], schema: ProtoMessageSchema) {
        self.bytes.append(UInt8(ascii: "{"))
        var first = true
        for (index, field) in schema.fields.enumerated() {
            var value = fragments[index]
            if value == nil, field.kind == .singular, let fallback = field.defaultValue {
                var writer = JSONWriter()
                writer.writeDefault(fallback)
                value = writer.bytes
            }
            guard let value else { continue }
            if !first { self.bytes.append(UInt8(ascii: ",")) }
            first = false
            self.writeString(field.name)
            self.bytes.append(UInt8(ascii: ":"))
            self.bytes.append(contentsOf: value)
        }
        self.bytes.append(UInt8(ascii: "}"))
    }

    private mutating func writeDefault(_ value: ProtoFieldSchema.DefaultValue) {
        switch value {
        case .bool(let flag): self.writeBool(flag)
        case .double(let number): self.writeDouble(number)
        case .int(let number): self.writeRaw(String(number))
        case .uint(let number): self.writeRaw(String(number))
        case .string(let text), .enumName(let text): self.writeString(text)
        }
    }

    mutating func writeRaw(_ text: String) { self.bytes.append(contentsOf: text.utf8) }

    mutating func writeBool(_ flag: Bool) { self.writeRaw(flag ? "true" : "false") }

    mutating func writeDouble(_ number: Double) { self.writeRaw(JSONNumber.format(number)) }

    mutating func writeBytes(_ data: Data) { self.writeString(data.base64EncodedString()) }

    mutating func writeString(_ text: String) {
        self.bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.writeRaw("\\\"")
            case UInt8(ascii: "\\"): self.writeRaw("\\\\")
            case 0x08: self.writeRaw("\\b")
            case 0x0C: self.writeRaw("\\f")
            case 0x0A: self.writeRaw("\\n")
            case 0x0D: self.writeRaw("\\r")
            case 0x09: self.writeRaw("\\t")
            case 0..<0x20: self.writeRaw("\\u00" + Self.hex(byte >> 4) + Self.hex(byte & 0xF))
            default: self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }
}
