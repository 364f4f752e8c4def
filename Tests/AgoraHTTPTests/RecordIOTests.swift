import AgoraHTTP
import AgoraModel
import Testing

@Suite struct RecordIOTests {
    static let subscribed = #"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},"heartbeat_interval_seconds":15.0}}"#
    static let heartbeat = #"{"type":"HEARTBEAT"}"#
    /// The byte-exact stream from reference/mesos.md §1.4.
    static let stream = "139\n" + subscribed + "20\n" + heartbeat

    @Test func encodesTheReferenceStream() {
        let encoded = RecordIO.encode(Array(Self.subscribed.utf8)) + RecordIO.encode(Array(Self.heartbeat.utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == Self.stream)
    }

    @Test func decodesTheReferenceStreamInOneChunk() throws {
        var decoder = RecordIODecoder()
        let records = try decoder.decode(Array(Self.stream.utf8))
        #expect(records.map { String(decoding: $0, as: UTF8.self) } == [Self.subscribed, Self.heartbeat])
        try decoder.finish()
    }

    /// Property: any split of a valid stream into chunks yields the same records.
    @Test(arguments: 0..<200)
    func decodesAcrossRandomChunkBoundaries(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        let records = (0..<Int.random(in: 1...8, using: &rng)).map { _ in
            (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let stream = records.flatMap { RecordIO.encode($0) }
        var decoder = RecordIODecoder()
        var decoded: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            let length = min(Int.random(in: 0...40, using: &rng), stream.count - offset)
            decoded += try decoder.decode(stream[offset..<(offset + length)])
            offset += length
        }
        #expect(decoded == records)
        try decoder.finish()
    }

    @Test(arguments: ["abc\n{}", "12a\n", "-5\n", " 5\n", "\n", "5 \n", "99999999999999999999999\n"])
    func rejectsAMalformedSizeLine(garbage: String) {
        var decoder = RecordIODecoder()
        #expect(throws: RecordIOError.self) { try decoder.decode(Array(garbage.utf8)) }
        #expect(throws: RecordIOError.self) { try decoder.decode(Array("2\n{}".utf8)) }
    }

    @Test func refusesARecordOverTheLimitBeforeBufferingIt() {
        var decoder = RecordIODecoder(maxRecordSize: 100)
        #expect(throws: RecordIOError.recordTooLarge(size: 101, limit: 100)) {
            try decoder.decode(Array("101\n".utf8))
        }
        var fitting = RecordIODecoder(maxRecordSize: 100)
        #expect((try? fitting.decode(Array("100\n".utf8) + Array(repeating: 65, count: 100)))?.count == 1)
    }

    @Test func reportsAStreamThatEndsInsideARecord() throws {
        var decoder = RecordIODecoder()
        #expect(try decoder.decode(Array("10\n12345".utf8)).isEmpty)
        #expect(throws: RecordIOError.truncated(bufferedBytes: 5)) { try decoder.finish() }
        var sizeOnly = RecordIODecoder()
        _ = try sizeOnly.decode(Array("12".utf8))
        #expect(throws: RecordIOError.self) { try sizeOnly.finish() }
    }

    /// Property: random garbage either decodes to records or fails cleanly, never traps.
    @Test(arguments: 0..<200)
    func survivesGarbage(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        let alphabet = Array("0123456789\n{}ab \u{0}".utf8)
        let garbage = (0..<Int.random(in: 0...200, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        var decoder = RecordIODecoder(maxRecordSize: 64)
        do {
            for record in try decoder.decode(garbage) { #expect(record.count <= 64) }
        } catch {
            #expect(throws: RecordIOError.self) { try decoder.decode([UInt8(ascii: "1")]) }
        }
    }
}
