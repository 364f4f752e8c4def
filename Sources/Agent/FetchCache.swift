import AgoraPosix
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The fetcher's cache: URIs fetched with `cache: true` are kept in a directory of bounded
/// size, least recently used first out. Two tasks wanting the same URI at once share one
/// download.
actor FetchCache {
    struct Entry {
        var path: String
        var size: Int64
        var lastUsed: UInt64
    }

    let directory: String
    let capacity: Int64
    private var entries: [String: Entry] = [:]
    private var fetching: [String: Task<String, any Error>] = [:]
    private var clock: UInt64 = 0

    /// Opens the cache in `directory`, keeping what an earlier run left (oldest first out).
    init(directory: String, capacity: Int64) {
        self.directory = directory
        self.capacity = capacity
        // A cache directory that does not exist yet (or cannot be listed) starts empty:
        // nothing is lost, files are fetched again.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in files.sorted() where !name.hasSuffix(".fetching") && !name.hasSuffix(".tmp") {
            let path = directory + "/" + name
            // A file that cannot be stat'ed counts as empty and oldest: evicted first, fetched again.
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            self.entries[name] = Entry(path: path, size: size, lastUsed: UInt64(max(0, modified)))
        }
        self.clock = self.entries.values.map(\.lastUsed).max() ?? 0
    }

    var totalSize: Int64 { self.entries.values.reduce(0) { $0 + $1.size } }

    /// The cached file for `uri`, filled with `fill(path)` when it is not cached yet.
    func file(for uri: String, fill: @escaping @Sendable (String) async throws -> Void) async throws -> String {
        let name = Self.name(for: uri)
        self.clock += 1
        if var entry = self.entries[name] {
            entry.lastUsed = self.clock
            self.entries[name] = entry
            return entry.path
        }
        if let running = self.fetching[name] { return try await running.value }
        try Directories.create(self.directory)
        let path = self.directory + "/" + name
        let download = Task { try await fill(path); return path }
        self.fetching[name] = download
        defer { self.fetching[name] = nil }
        _ = try await download.value
        // Only the size bound uses the size; a file that cannot be stat'ed counts as empty.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        self.clock += 1
        self.entries[name] = Entry(path: path, size: size, lastUsed: self.clock)
        self.evict(keeping: name)
        return path
    }

    /// Removes the least recently used files until the cache fits, sparing `keeping`
    /// (which the caller is about to copy) unless it alone is too big.
    private func evict(keeping: String) {
        while self.totalSize > self.capacity, let victim = self.entries.filter({ $0.key != keeping }).min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            unlink(victim.value.path)
            self.entries[victim.key] = nil
        }
    }

    /// A file name for `uri`: a 64-bit FNV-1a hash and the URI's last component.
    static func name(for uri: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in uri.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let last = uri.split(separator: "/").last.map { String($0.prefix(60)) } ?? "file"
        let safe = String(last.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        return String(hash, radix: 16) + "-" + safe
    }
}
