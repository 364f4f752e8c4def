import AgoraHTTP
import HTTPTypes
import Hummingbird
import SwiftProtobuf

extension Response {
    /// An answer message in `encoding`; a message that cannot be encoded (a required field
    /// left unset) is a server bug, answered 500 with the reason instead of an empty body.
    public static func encoded(_ message: some SwiftProtobuf.Message, encoding: MessageEncoding) -> Response {
        do {
            let bytes: [UInt8] = switch encoding {
            case .json: try MesosJSON.encode(message)
            case .protobuf: try message.serializedBytes()
            }
            return .message(bytes, encoding: encoding)
        } catch {
            return .text(.internalServerError, "Failed to encode \(type(of: message).protoMessageName): \(error)")
        }
    }
}
