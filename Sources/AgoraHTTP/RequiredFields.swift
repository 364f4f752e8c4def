import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

/// Finds the required fields a decoded message lacks, with dotted paths
/// (`subscribe.framework_info.user`), for stout-style "Missing required fields" errors.
enum RequiredFields {
    static func missing<M: SwiftProtobuf.Message>(in message: M) -> [String] {
        guard !message.isInitialized else { return [] }
        return self.missing(in: message, prefix: "")
    }

    fileprivate static func missing<M: SwiftProtobuf.Message>(in message: M, prefix: String) -> [String] {
        guard let schema = ProtoSchemas.messages[M.protoMessageName] else { return [] }
        var visitor = PresenceVisitor(schema: schema, prefix: prefix)
        try? message.traverse(visitor: &visitor)
        let absent = schema.fields.filter { $0.isRequired && !visitor.present.contains($0.number) }
        return absent.map { prefix + $0.name } + visitor.nested
    }
}

/// Records which fields are set and recurses into sub-messages.
private struct PresenceVisitor: SwiftProtobuf.Visitor {
    let schema: ProtoMessageSchema
    let prefix: String
    var present: Set<Int> = []
    var nested: [String] = []

    init(schema: ProtoMessageSchema, prefix: String) {
        self.schema = schema
        self.prefix = prefix
    }

    private func name(_ fieldNumber: Int) -> String {
        self.schema.fieldIndex[fieldNumber].map { self.schema.fields[$0].name } ?? String(fieldNumber)
    }

    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws { self.present.insert(fieldNumber) }
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws { self.present.insert(fieldNumber) }
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws { self.present.insert(fieldNumber) }
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws { self.present.insert(fieldNumber) }
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws { self.present.insert(fieldNumber) }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws { self.present.insert(fieldNumber) }

    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        self.present.insert(fieldNumber)
    }

    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        self.present.insert(fieldNumber)
        guard !value.isInitialized else { return }
        self.nested += RequiredFields.missing(in: value, prefix: self.prefix + self.name(fieldNumber) + ".")
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws { self.present.insert(fieldNumber) }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int { self.present.insert(fieldNumber) }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        self.present.insert(fieldNumber)
        for (key, element) in value where !element.isInitialized {
            self.nested += RequiredFields.missing(in: element, prefix: self.prefix + self.name(fieldNumber) + "[\(key)].")
        }
    }

    mutating func visitExtensionFields(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}
    mutating func visitExtensionFieldsAsMessageSet(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}
    mutating func visitUnknown(bytes: Data) throws {}
}
