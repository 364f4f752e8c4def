#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Waits for child processes without polling: one thread blocks in `waitpid(-1)` and hands
/// each exit status to whoever awaits that pid. (Foundation's Process polls every
/// 50 ms; this costs nothing while children run.) Owns every child of the process, so
/// nothing else in the process may reap children.
public final class ProcessReaper: Sendable {
    public static let shared = ProcessReaper()

    private struct State {
        var waiters: [pid_t: CheckedContinuation<Int32, Never>] = [:]
        var exited: [pid_t: Int32] = [:]
        var started = false
    }

    private let state = Mutex(State())
    private let children = DispatchSemaphore(value: 0)

    private init() {}

    /// The raw wait status of `pid` once it has exited.
    public func waitForExit(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            let done: Int32? = self.state.withLock { state in
                if let status = state.exited.removeValue(forKey: pid) { return status }
                state.waiters[pid] = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Called after each spawn: wakes (or starts) the reaping thread.
    func spawned() {
        let start = self.state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        if start {
            DetachedThread.start { [self] in self.reapForever() }
        }
        self.children.signal()
    }

    private func reapForever() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            if pid > 0 {
                self.deliver(status, for: pid)
            } else if errno == ECHILD {
                self.children.wait()
            }
        }
    }

    private func deliver(_ status: Int32, for pid: pid_t) {
        let waiter = self.state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: pid) else {
                state.exited[pid] = status
                return nil as CheckedContinuation<Int32, Never>?
            }
            return waiter
        }
        waiter?.resume(returning: status)
    }
}
