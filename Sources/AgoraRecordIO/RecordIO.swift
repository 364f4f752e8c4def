/// RecordIO framing as the Mesos v1 streaming APIs use it:
///
///     record = record-size LF record-data ; record-size = 1*DIGIT
///
/// The size is the decimal byte length of the data; there is no separator after the data.
/// HTTP chunk boundaries are independent of record boundaries.
public enum RecordIO {
    /// Frames one record.
    public static func encode(_ record: some Collection<UInt8>) -> [UInt8] {
        var framed = Array(String(record.count).utf8)
        framed.reserveCapacity(framed.count + 1 + record.count)
        framed.append(UInt8(ascii: "\n"))
        framed.append(contentsOf: record)
        return framed
    }
}

/// Why a RecordIO stream could not be decoded.
public enum RecordIOError: Error, Equatable, CustomStringConvertible {
    /// The size line held something other than ASCII digits.
    case malformedSize(String)
    /// A record announced more bytes than the decoder accepts.
    case recordTooLarge(size: UInt64, limit: Int)
    /// The stream ended inside a record.
    case truncated(bufferedBytes: Int)

    public var description: String {
        switch self {
        case .malformedSize(let line): "RecordIO: malformed record size '\(line)'"
        case .recordTooLarge(let size, let limit): "RecordIO: record of \(size) bytes exceeds the \(limit)-byte limit"
        case .truncated(let bytes): "RecordIO: stream ended inside a record (\(bytes) bytes buffered)"
        }
    }
}

/// Incremental RecordIO decoder: feed it bytes as they arrive, in chunks of any size, and it
/// returns each record once it is complete. After an error the decoder stays failed.
public struct RecordIODecoder: Sendable {
    /// Largest record accepted, in bytes.
    public let maxRecordSize: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var pendingSize: Int?
    private var failure: RecordIOError?

    /// - Parameter maxRecordSize: records announcing more bytes are refused (default 16 MiB).
    public init(maxRecordSize: Int = 16 << 20) {
        self.maxRecordSize = maxRecordSize
    }

    /// Appends `bytes` and returns every record they complete, in order.
    public mutating func decode(_ bytes: some Collection<UInt8>) throws(RecordIOError) -> [[UInt8]] {
        if let failure { throw failure }
        self.buffer.append(contentsOf: bytes)
        var records: [[UInt8]] = []
        do {
            while let record = try self.nextRecord() { records.append(record) }
        } catch {
            self.failure = error
            throw error
        }
        self.compact()
        return records
    }

    /// Call at end of stream: throws if the stream stopped inside a record.
    public func finish() throws(RecordIOError) {
        if let failure { throw failure }
        let buffered = self.buffer.count - self.readIndex
        if buffered > 0 || self.pendingSize != nil { throw .truncated(bufferedBytes: buffered) }
    }

    private mutating func nextRecord() throws(RecordIOError) -> [UInt8]? {
        if self.pendingSize == nil {
            guard let size = try self.readSizeLine() else { return nil }
            self.pendingSize = size
        }
        guard let size = self.pendingSize, self.buffer.count - self.readIndex >= size else { return nil }
        let record = Array(self.buffer[self.readIndex..<(self.readIndex + size)])
        self.readIndex += size
        self.pendingSize = nil
        return record
    }

    /// Reads `digits LF`, or returns nil when the line is not complete yet.
    private mutating func readSizeLine() throws(RecordIOError) -> Int? {
        let maxDigits = 20
        var size: UInt64 = 0
        var index = self.readIndex
        while index < self.buffer.count {
            let byte = self.buffer[index]
            if byte == UInt8(ascii: "\n") {
                guard index > self.readIndex else { throw .malformedSize("") }
                self.readIndex = index + 1
                return Int(size)
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), index - self.readIndex < maxDigits else {
                throw .malformedSize(self.printableLine(from: self.readIndex, through: index))
            }
            let (product, overflowMultiply) = size.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = product.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowMultiply, !overflowAdd else { throw .malformedSize(self.printableLine(from: self.readIndex, through: index)) }
            size = sum
            if size > UInt64(self.maxRecordSize) { throw .recordTooLarge(size: size, limit: self.maxRecordSize) }
            index += 1
        }
        return nil
    }

    private func printableLine(from start: Int, through end: Int) -> String {
        let bytes = self.buffer[start...min(end, self.buffer.count - 1)].prefix(32)
        return String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// Drops consumed bytes once they dominate the buffer, keeping appends amortised O(1).
    private mutating func compact() {
        guard self.readIndex > 0, self.readIndex >= self.buffer.count / 2 else { return }
        self.buffer.removeFirst(self.readIndex)
        self.readIndex = 0
    }
}
