import AgoraPosix
#if canImport(Glibc)
import Glibc
#endif
import CZooKeeper
import Synchronization

/// The C handle (`zhandle_t *`) as a value that can cross isolation boundaries; it is
/// only dereferenced while `ZooKeeperHandle.pointer` is locked.
struct HandlePointer: @unchecked Sendable {
    let raw: OpaquePointer
}

/// Owns one C handle and everything in flight on it: completions awaiting their callback,
/// watches awaiting their event, the session state and its subscribers.
///
/// Locking: `pointer` is held while calling the library's `zoo_a*` functions (they only queue
/// work and never call back synchronously) and is never taken on the library's threads;
/// `registry` is taken briefly on every thread and never held while calling the library or
/// resuming anyone. The C handle keeps one retain on this object, released after close.
final class ZooKeeperHandle: Sendable {
    struct Registry {
        var state: SessionState = .connecting
        var closing = false
        var nextID: UInt64 = 1
        var completions: [UInt64: any PendingCompletion] = [:]
        var watches: [UInt64: Watch] = [:]
        var watchEventsDelivered = 0
    }

    let servers: String
    let usesAuthentication: Bool
    let states = Broadcast<SessionState>(initial: .connecting)
    private let pointer = Mutex<HandlePointer?>(nil)
    private let registry = Mutex(Registry())
    private let closeTask = Mutex<Task<Void, Never>?>(nil)

    /// Opens the C handle; the library connects in the background.
    init(servers: String, sessionTimeout: Duration, session: ZooKeeperSession?, digest: String?) throws(ZooKeeperError) {
        self.servers = servers
        self.usesAuthentication = digest != nil
        ZooKeeperLibraryLog.applyDefault()
        let context = Unmanaged.passRetained(self).toOpaque()
        let timeout = Int32(clamping: sessionTimeout.milliseconds)
        let raw: OpaquePointer?
        if let session {
            raw = session.password.withUnsafeBufferPointer {
                czk_init(servers, handleSessionEvent, timeout, session.id, $0.baseAddress, context)
            }
        } else {
            raw = czk_init(servers, handleSessionEvent, timeout, 0, nil, context)
        }
        guard let raw else {
            Unmanaged<ZooKeeperHandle>.fromOpaque(context).release()
            throw .badArguments("cannot open a client for '\(servers)': \(String(cString: strerror(errno)))")
        }
        self.pointer.withLock { $0 = HandlePointer(raw: raw) }
        if let digest { self.addDigest(digest, to: raw) }
    }

    /// The handle for `context` (the pointer given to `zookeeper_init`), on library threads.
    static func from(_ context: UnsafeRawPointer) -> ZooKeeperHandle {
        Unmanaged<ZooKeeperHandle>.fromOpaque(context).takeUnretainedValue()
    }

    var state: SessionState { self.registry.withLock { $0.state } }

    /// Runs `body` with the live C handle, or returns nil once close has begun.
    func withHandle<T: Sendable>(_ body: (OpaquePointer) -> T) -> T? {
        self.pointer.withLock { pointer in pointer.map { body($0.raw) } }
    }

    /// Runs `body` on the registry.
    func withRegistry<T: Sendable>(_ body: (inout Registry) -> T) -> T {
        self.registry.withLock { body(&$0) }
    }

    private func addDigest(_ digest: String, to raw: OpaquePointer) {
        let bytes = Array(digest.utf8).map { CChar(bitPattern: $0) }
        // Failure shows up as the session state `.authFailed`, so the completion has nothing to add.
        _ = bytes.withUnsafeBufferPointer { buffer in
            zoo_add_auth(raw, "digest", buffer.baseAddress, Int32(buffer.count), ignoreAuthResult, nil)
        }
    }

    /// Closes the handle once; every caller waits for the close to finish.
    func close() async {
        let task = self.closeTask.withLock { task in
            if let task { return task }
            let started = Task { await self.performClose() }
            task = started
            return started
        }
        await task.value
    }

    /// `zookeeper_close` joins the library's threads and waits (up to ~1.5 s) for the server
    /// to end the session, so it runs on a thread of its own, never on the cooperative pool.
    private func performClose() async {
        let taken = self.pointer.withLock { pointer in
            defer { pointer = nil }
            return pointer
        }
        self.registry.withLock { $0.closing = true }
        if let taken {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DetachedThread.start {
                    zookeeper_close(taken.raw)
                    continuation.resume()
                }
            }
        }
        self.finishAfterClose()
        if taken != nil { Unmanaged.passUnretained(self).release() }
    }

    /// Fails whatever the library did not complete and ends every watch and stream.
    private func finishAfterClose() {
        let (completions, watches) = self.registry.withLock { registry in
            registry.state = .closed
            defer {
                registry.completions.removeAll()
                registry.watches.removeAll()
            }
            return (Array(registry.completions.values), Array(registry.watches.values))
        }
        for completion in completions {
            Unmanaged.passUnretained(completion as AnyObject).release()
            completion.fail(.closing)
        }
        for watch in watches { watch.fire(.sessionLost(.closed)) }
        self.states.publish(.closed)
        self.states.finish()
    }
}
