import SwiftProtobuf

/// Encodes and decodes messages in either v1 encoding, and frames events for streams.
public enum MessageCodec {
    /// Decodes a request body; the error text is what a 400 response carries.
    public static func decode<M: SwiftProtobuf.Message>(
        _ type: M.Type, from bytes: [UInt8], encoding: MessageEncoding
    ) throws(MesosJSONError) -> M {
        switch encoding {
        case .json:
            return try MesosJSON.decode(type, from: bytes)
        case .protobuf:
            do {
                return try M(serializedBytes: bytes)
            } catch BinaryDecodingError.missingRequiredFields {
                throw MesosJSONError("Failed to parse protobuf: missing required fields")
            } catch {
                throw MesosJSONError("Failed to parse protobuf: \(error)")
            }
        }
    }

    /// Encodes a message body.
    public static func encode(_ message: some SwiftProtobuf.Message, encoding: MessageEncoding) -> [UInt8] {
        switch encoding {
        case .json: (try? MesosJSON.encode(message)) ?? []
        case .protobuf: (try? message.serializedBytes()) ?? []
        }
    }

    /// One RecordIO record holding the encoded message.
    public static func record(_ message: some SwiftProtobuf.Message, encoding: MessageEncoding) -> [UInt8] {
        RecordIO.encode(self.encode(message, encoding: encoding))
    }
}
