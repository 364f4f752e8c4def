import SwiftProtobuf

/// A message that could not be encoded (a proto2 required field unset, say).
public struct MessageEncodingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension MessageCodec {
    /// Encodes a message body, or throws: never an empty body (or a JSON object without its
    /// required fields) in place of a message that could not be encoded.
    public static func encoded(_ message: some SwiftProtobuf.Message, encoding: MessageEncoding) throws(MessageEncodingError) -> [UInt8] {
        // Both encodings refuse what protobuf would: a message lacking required fields.
        guard message.isInitialized else {
            let missing = RequiredFields.missing(in: message).joined(separator: ", ")
            throw MessageEncodingError("cannot encode \(type(of: message).protoMessageName): missing required fields: \(missing)")
        }
        do {
            switch encoding {
            case .json: return try MesosJSON.encode(message)
            case .protobuf: return try message.serializedBytes()
            }
        } catch {
            throw MessageEncodingError("cannot encode \(type(of: message).protoMessageName) as \(encoding.rawValue): \(error)")
        }
    }

    /// One RecordIO record holding the encoded message, or throws (never an empty record).
    public static func checkedRecord(_ message: some SwiftProtobuf.Message, encoding: MessageEncoding) throws(MessageEncodingError) -> [UInt8] {
        RecordIO.encode(try self.encoded(message, encoding: encoding))
    }
}
