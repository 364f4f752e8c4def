@testable import Agent
import AgoraPosix
import Foundation
import Testing

/// The fetcher's cache keeps to its size, dropping what was used least recently.
@Suite struct FetchCacheTests {
    static func fill(_ bytes: Int) -> @Sendable (String) async throws -> Void {
        { path in try DurableFile.write([UInt8](repeating: 7, count: bytes), to: path) }
    }

    @Test func theLeastRecentlyUsedFileGoesWhenTheCacheIsFull() async throws {
        let directory = NSTemporaryDirectory() + "agora-fetch-cache-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = FetchCache(directory: directory, capacity: 250)
        let a = try await cache.file(for: "http://h/a", fill: Self.fill(100))
        let b = try await cache.file(for: "http://h/b", fill: Self.fill(100))
        _ = try await cache.file(for: "http://h/a", fill: { _ in Issue.record("a was cached") })
        let c = try await cache.file(for: "http://h/c", fill: Self.fill(100))
        #expect(FileManager.default.fileExists(atPath: a))
        #expect(!FileManager.default.fileExists(atPath: b), "b was used least recently")
        #expect(FileManager.default.fileExists(atPath: c))
        #expect(await cache.totalSize == 200)
    }

    @Test func namesComeFromTheURIAndCannotCollideByPath() {
        #expect(Fetcher.destinationNameOrNil(FetchURI(value: "http://h/dir/app.tar.gz?x=1")) == "app.tar.gz")
        #expect(Fetcher.destinationNameOrNil(FetchURI(value: "/srv/app.zip", outputFile: "sub/app.zip")) == "sub/app.zip")
        #expect(Fetcher.destinationNameOrNil(FetchURI(value: "/srv/app.zip", outputFile: "../escape")) == nil)
        #expect(Fetcher.destinationNameOrNil(FetchURI(value: "http://h/")) == nil)
        #expect(FetchCache.name(for: "http://a/x.tgz") != FetchCache.name(for: "http://b/x.tgz"))
    }
}

extension Fetcher {
    static func destinationNameOrNil(_ uri: FetchURI) -> String? {
        do { return try Self.destinationName(uri) } catch { return nil }
    }
}

/// The garbage collector's schedule.
@Suite struct SandboxGCScheduleTests {
    @Test func runsComeDueInOrderAndInBatches() {
        var gc = SandboxGC(delay: .seconds(10))
        let start = ContinuousClock.now
        gc.schedule(["/b"], completedAt: start + .seconds(2))
        gc.schedule(["/a"], completedAt: start)
        #expect(gc.due(now: start + .seconds(9)).isEmpty)
        #expect(gc.due(now: start + .seconds(10)).map(\.paths) == [["/a"]])
        #expect(gc.due(now: start + .seconds(12)).map(\.paths) == [["/b"]])
        for index in 0..<(SandboxGC.batch + 5) { gc.schedule(["/\(index)"], completedAt: start) }
        #expect(gc.due(now: start + .seconds(20)).count == SandboxGC.batch)
        #expect(gc.due(now: start + .seconds(20)).count == 5)
    }
}
