import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

/// Collects the JSON text of each set field of one message, keyed by its declaration index.
///
/// swift-protobuf calls the singular methods once per element of a repeated field, so every
/// value is appended to its field's list; `fragments` then joins lists into arrays.
struct MesosJSONFieldVisitor: SwiftProtobuf.Visitor {
    let schema: ProtoMessageSchema
    private var values: [[[UInt8]]]

    init(schema: ProtoMessageSchema) {
        self.schema = schema
        self.values = Array(repeating: [], count: schema.fields.count)
    }

    /// The JSON value of each field in declaration order, nil where unset.
    var fragments: [[UInt8]?] {
        zip(self.schema.fields, self.values).map { field, elements in
            guard !elements.isEmpty else { return nil }
            guard field.kind == .repeated else { return elements[0] }
            var array: [UInt8] = [UInt8(ascii: "[")]
            for (index, element) in elements.enumerated() {
                if index > 0 { array.append(UInt8(ascii: ",")) }
                array.append(contentsOf: element)
            }
            array.append(UInt8(ascii: "]"))
            return array
        }
    }

    private mutating func append(_ fieldNumber: Int, _ write: (inout JSONWriter) throws(MesosJSONError) -> Void) throws {
        guard let index = self.schema.fieldIndex[fieldNumber] else { return }
        var writer = JSONWriter()
        try write(&writer)
        self.values[index].append(writer.bytes)
    }

    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeDouble(value) }
    }

    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeRaw(String(value)) }
    }

    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeRaw(String(value)) }
    }

    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeBool(value) }
    }

    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeString(value) }
    }

    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
        try self.append(fieldNumber) { $0.writeBytes(value) }
    }

    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        let enumType = self.schema.fieldIndex[fieldNumber].flatMap { self.schema.fields[$0].enumType }
        let name = enumType.flatMap { ProtoSchemas.enums[$0]?[value.rawValue] }
        try self.append(fieldNumber) { writer in
            if let name { writer.writeString(name) } else { writer.writeRaw(String(value.rawValue)) }
        }
    }

    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        try self.append(fieldNumber) { writer throws(MesosJSONError) in try writer.writeMessage(value) }
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        try self.appendMap(fieldNumber, value) { writer, element in
            writer.writeRaw(Self.scalarJSON(element))
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        try self.appendMap(fieldNumber, value) { writer, element in
            writer.writeRaw(String(element.rawValue))
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        try self.appendMap(fieldNumber, value) { writer, element throws(MesosJSONError) in
            try writer.writeMessage(element)
        }
    }

    mutating func visitExtensionFields(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}

    mutating func visitExtensionFieldsAsMessageSet(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}

    mutating func visitUnknown(bytes: Data) throws {}

    /// Writes a map as a JSON object with keys in sorted order, so output is deterministic.
    private mutating func appendMap<Key, Value>(
        _ fieldNumber: Int,
        _ map: [Key: Value],
        _ writeValue: (inout JSONWriter, Value) throws(MesosJSONError) -> Void
    ) throws {
        let entries = map.map { (key: "\($0.key)", value: $0.value) }.sorted { $0.key < $1.key }
        try self.append(fieldNumber) { writer throws(MesosJSONError) in
            writer.writeRaw("{")
            for (index, entry) in entries.enumerated() {
                if index > 0 { writer.writeRaw(",") }
                writer.writeString(entry.key)
                writer.writeRaw(":")
                try writeValue(&writer, entry.value)
            }
            writer.writeRaw("}")
        }
    }

    private static func scalarJSON(_ value: Any) -> String {
        switch value {
        case let text as String: var writer = JSONWriter(); writer.writeString(text); return String(decoding: writer.bytes, as: UTF8.self)
        case let flag as Bool: return flag ? "true" : "false"
        case let number as Double: return JSONNumber.format(number)
        case let number as Float: return JSONNumber.format(Double(number))
        case let data as Data: return "\"" + data.base64EncodedString() + "\""
        default: return "\(value)"
        }
    }
}
