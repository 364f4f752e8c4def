#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive, non-blocking `flock` on a lock file beside a store, held until released or
/// until the process dies (the kernel drops it then, so a crash leaves no stale lock). The
/// owner's pid is written into the file so a refused opener can name it.
///
/// A second open in this process is refused by a process-wide table of held paths (`flock`
/// would refuse it too, its locks belonging to the open file description). A separate file,
/// not the database itself, keeps clear of SQLite's own `fcntl` locks on it.
///
/// A child this process forks shares the descriptor until it execs (`O_CLOEXEC` closes it
/// then), so for that moment the kernel still sees the lock held after `release()`: an
/// opener that finds it held by this very process, while the table says nobody here holds
/// it, retries for a bounded time instead of failing.
final class StoreLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32?>
    /// Lock files held by this process.
    private static let held = Mutex<Set<String>>([])
    /// How long an opener waits out forked children that still share a released lock.
    static let forkedChildGrace: Duration = .seconds(2)

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock at `path` for the store at `storePath`, or says who holds it.
    static func acquire(_ path: String, for storePath: String) throws(StateStoreError) -> StoreLock {
        guard Self.held.withLock({ $0.insert(path).inserted }) else {
            throw .unavailable(Self.inUseMessage(storePath, owner: getpid()))
        }
        do {
            return try Self.lock(path, for: storePath)
        } catch {
            _ = Self.held.withLock { $0.remove(path) }
            throw error
        }
    }

    private static func lock(_ path: String, for storePath: String) throws(StateStoreError) -> StoreLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unavailable("cannot open lock file \(path): \(FileSystem.errorText())") }
        let deadline = ContinuousClock.now + Self.forkedChildGrace
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let owner = Self.readOwner(descriptor)
            // Held by this process, which holds no such lock: a forked child not yet exec'd.
            if code == EWOULDBLOCK, owner == getpid(), ContinuousClock.now < deadline {
                usleep(5_000)
                continue
            }
            close(descriptor)
            guard code == EWOULDBLOCK else { throw .unavailable("cannot lock \(path): \(FileSystem.errorText(code))") }
            throw .unavailable(Self.inUseMessage(storePath, owner: owner))
        }
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, pid, pid.count, 0) == pid.count else {
            let text = FileSystem.errorText()
            close(descriptor)
            throw .io("cannot write the owner's pid into \(path): \(text)")
        }
        return StoreLock(path: path, descriptor: descriptor)
    }

    /// Whether this object still holds the lock.
    var isHeld: Bool { self.descriptor.withLock { $0 != nil } }

    /// Drops the lock (closing its descriptor); later calls do nothing.
    func release() {
        self.descriptor.withLock { descriptor in
            guard let open = descriptor else { return }
            close(open)
            descriptor = nil
            _ = Self.held.withLock { $0.remove(self.path) }
        }
    }

    deinit { self.release() }

    private static func inUseMessage(_ storePath: String, owner: pid_t?) -> String {
        guard let owner else { return "\(storePath) is in use by another process (pid unknown)" }
        if owner == getpid() { return "\(storePath) is already open in this process (pid \(owner))" }
        return "\(storePath) is in use by another process (pid \(owner))"
    }

    /// The pid the holder wrote, if it has written one yet.
    private static func readOwner(_ descriptor: Int32) -> pid_t? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { pid_t($0) }
    }
}
