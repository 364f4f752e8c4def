/// Just enough of the protobuf wire format for the executor API's messages, so the command
/// executor needs neither SwiftProtobuf nor Foundation and starts in about a millisecond.
/// Field numbers are those of proto/agora/v1/executor.proto and mesos.proto.
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ field: Int, _ value: UInt64) {
        self.key(field, wireType: 0)
        self.rawVarint(value)
    }

    mutating func bool(_ field: Int, _ value: Bool) { self.varint(field, value ? 1 : 0) }

    mutating func double(_ field: Int, _ value: Double) {
        self.key(field, wireType: 1)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { self.bytes += $0 }
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        self.key(field, wireType: 2)
        self.rawVarint(UInt64(value.count))
        self.bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { self.bytes(field, Array(value.utf8)) }

    /// A nested message written by `build`.
    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var nested = ProtoWriter()
        build(&nested)
        self.bytes(field, nested.bytes)
    }

    private mutating func key(_ field: Int, wireType: UInt64) { self.rawVarint(UInt64(field) << 3 | wireType) }

    private mutating func rawVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            self.bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        self.bytes.append(UInt8(value))
    }
}

/// Why a message could not be read.
struct ProtoWireError: Error, CustomStringConvertible {
    let description: String
}

/// Reads the fields of one message in order.
struct ProtoReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)

        var integer: UInt64 {
            switch self {
            case .varint(let value), .fixed64(let value): value
            case .fixed32(let value): UInt64(value)
            case .bytes: 0
            }
        }

        var slice: ArraySlice<UInt8> {
            if case .bytes(let bytes) = self { return bytes }
            return []
        }

        var string: String { String(decoding: self.slice, as: UTF8.self) }
        var double: Double { Double(bitPattern: self.integer) }
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// The next (field number, value), or nil at the end.
    mutating func next() throws -> (Int, Value)? {
        guard self.index < self.bytes.endIndex else { return nil }
        let key = try self.varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .varint(try self.varint()))
        case 1: return (field, .fixed64(try self.fixed(8)))
        case 2:
            let length = Int(try self.varint())
            guard length >= 0, self.index + length <= self.bytes.endIndex else { throw ProtoWireError(description: "truncated field \(field)") }
            defer { self.index += length }
            return (field, .bytes(self.bytes[self.index..<(self.index + length)]))
        case 5: return (field, .fixed32(UInt32(try self.fixed(4))))
        default: throw ProtoWireError(description: "unsupported wire type \(key & 7) for field \(field)")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while self.index < self.bytes.endIndex, shift < 64 {
            let byte = self.bytes[self.index]
            self.index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw ProtoWireError(description: "bad varint")
    }

    private mutating func fixed(_ count: Int) throws -> UInt64 {
        guard self.index + count <= self.bytes.endIndex else { throw ProtoWireError(description: "truncated fixed field") }
        var result: UInt64 = 0
        for offset in 0..<count { result |= UInt64(self.bytes[self.index + offset]) << (8 * UInt64(offset)) }
        self.index += count
        return result
    }

    /// Reads every field of `bytes`, calling `visit` for each.
    static func forEach(_ bytes: ArraySlice<UInt8>, _ visit: (Int, Value) throws -> Void) throws {
        var reader = ProtoReader(bytes)
        while let (field, value) = try reader.next() { try visit(field, value) }
    }
}
