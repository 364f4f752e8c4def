import AgoraProto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

/// Why a JSON body could not become a message.
public struct MesosJSONError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { self.message }
}

/// The JSON mapping Mesos uses for its v1 APIs (stout's), which differs from proto3 JSON:
///
/// - field names are the proto names (`framework_id`), enums are value names;
/// - fields come out in declaration order, compact, with 64-bit integers as numbers and
///   doubles always carrying a fraction or exponent (`15.0`);
/// - unset optional fields with a declared, non-deprecated default are written
///   (`"refuse_seconds":5.0`); empty repeated fields are omitted;
/// - `bytes` are standard base64;
/// - decoding ignores unknown keys and unknown enum names, accepts numbers as strings, and
///   rejects a message whose required fields are missing.
public enum MesosJSON {
    /// Encodes `message` as Mesos would.
    public static func encode(_ message: some SwiftProtobuf.Message) throws(MesosJSONError) -> [UInt8] {
        var writer = JSONWriter()
        try writer.writeMessage(message)
        return writer.bytes
    }

    /// Encodes `message` as a `String`.
    public static func encodeString(_ message: some SwiftProtobuf.Message) throws(MesosJSONError) -> String {
        String(decoding: try self.encode(message), as: UTF8.self)
    }

    /// Decodes a message, ignoring unknown keys, and checks its required fields.
    public static func decode<M: SwiftProtobuf.Message>(
        _ type: M.Type, from bytes: some Collection<UInt8>
    ) throws(MesosJSONError) -> M {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        let message: M
        do {
            message = try M(jsonUTF8Bytes: Array(bytes), options: options)
        } catch {
            throw MesosJSONError("Failed to parse JSON: \(error)")
        }
        let missing = RequiredFields.missing(in: message)
        guard missing.isEmpty else {
            throw MesosJSONError("Missing required fields: \(missing.joined(separator: ", "))")
        }
        return message
    }

    /// Decodes a message from a `String`.
    public static func decode<M: SwiftProtobuf.Message>(_ type: M.Type, from text: String) throws(MesosJSONError) -> M {
        try self.decode(type, from: Array(text.utf8))
    }
}
