import AgoraModel
import Foundation
import Logging

/// Removes the sandboxes (and checkpoints) of completed executor runs once `--gc-delay`
/// has passed since they completed, as Mesos's garbage collector does. Removal happens off
/// the agent's actor, a bounded number of runs at a time: a burst of deletions on a
/// journal-less ext4 slows file creation for minutes (docs/performance.md).
struct SandboxGC: Sendable {
    struct Item: Sendable {
        var due: ContinuousClock.Instant
        var paths: [String]
    }

    let delay: Duration
    private(set) var items: [Item] = []
    static let batch = 64

    init(delay: Duration) { self.delay = delay }

    /// Schedules `paths` for removal `delay` after `completedAt` (kept in order of due time).
    mutating func schedule(_ paths: [String], completedAt: ContinuousClock.Instant) {
        let item = Item(due: completedAt + self.delay, paths: paths)
        let index = self.items.lastIndex { $0.due <= item.due }.map { $0 + 1 } ?? 0
        self.items.insert(item, at: index)
    }

    /// Takes the runs whose time has come (at most `batch`).
    mutating func due(now: ContinuousClock.Instant) -> [Item] {
        let count = min(self.items.prefix { $0.due <= now }.count, Self.batch)
        defer { self.items.removeFirst(count) }
        return Array(self.items.prefix(count))
    }

    /// Removes `items` from disk, then their parent directories that are left empty.
    static func remove(_ items: [Item], logger: Logger) {
        for path in items.flatMap(\.paths) where FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.removeItem(atPath: path)
                Self.removeEmptyParents(of: path, levels: 4)
            } catch {
                logger.error("cannot remove a completed sandbox", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
    }

    /// `.../executors/<e>/runs/<c>`: `runs`, `<e>`, `executors`, `<f>` go when empty.
    private static func removeEmptyParents(of path: String, levels: Int) {
        var directory = path
        for _ in 0..<levels {
            guard let slash = directory.lastIndex(of: "/") else { return }
            directory = String(directory[..<slash])
            // rmdir fails on a directory that still holds something: then the walk stops.
            guard rmdir(directory) == 0 else { return }
        }
    }

    /// Sandboxes an earlier run of the agent left behind (not `live`), with when they
    /// were last touched: `<work_dir>/slaves/*/frameworks/*/executors/*/runs/*`.
    static func leftovers(in workDir: String, live: Set<String>) -> [(path: String, modified: Date)] {
        var found: [(String, Date)] = []
        let manager = FileManager.default
        // Best effort: what cannot be listed now is found at the next start.
        func children(_ path: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        }
        for agent in children(workDir + "/slaves") {
            for framework in children(agent + "/frameworks") {
                for executor in children(framework + "/executors") {
                    for run in children(executor + "/runs") where !live.contains(run) {
                        // Without a modification time the run counts as new: kept for a whole delay.
                        let modified = (try? manager.attributesOfItem(atPath: run)[.modificationDate]) as? Date
                        found.append((run, modified ?? Date()))
                    }
                }
            }
        }
        return found
    }
}
