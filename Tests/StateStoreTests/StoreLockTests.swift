#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import StateStore
import Testing

/// The lock file as a forked child sees it: this process's pid inside, locked through a
/// descriptor of its own that `release()` cannot close.
@Suite struct StoreLockTests {
    @Test func aLockStillSharedWithAForkedChildIsWaitedForNotRefused() async throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let child = try Self.lockLikeAForkedChild(fixture.path + ".lock")

        // The opener starts while the "child" still holds the lock; it exits (closing it) after.
        async let opened = Task.detached { try SQLiteStateStore(path: fixture.path) }.value
        close(child)
        let store = try await opened
        try store.close()
    }

    @Test func aLockThisProcessNeverReleasesIsRefusedAfterTheGrace() throws {
        let fixture = try SQLiteFixture()
        defer { #expect(throws: Never.self) { try fixture.destroy() } }
        let child = try Self.lockLikeAForkedChild(fixture.path + ".lock")
        defer { close(child) }
        let refusal = #expect(throws: StateStoreError.self) { try SQLiteStateStore(path: fixture.path) }
        #expect(refusal?.unavailableMessage?.contains("already open in this process") == true)
    }

    private static func lockLikeAForkedChild(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("\(getpid())\n".utf8)
        try #require(pwrite(descriptor, pid, pid.count, 0) == pid.count)
        return descriptor
    }
}
