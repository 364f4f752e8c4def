import CAgoraPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Waits for processes that are not this process's children (executors a restarted agent
/// re-adopts: `waitpid` cannot see them) to exit, without polling: one thread blocks in
/// `epoll_wait` on their pidfds (pidfd_open, Linux 5.3+).
public final class ExitWatcher: Sendable {
    public static let shared = ExitWatcher()

    private struct State {
        var waiters: [Int32: (fd: Int32, continuation: CheckedContinuation<Void, Never>)] = [:]
        var epoll: Int32 = -1
    }

    private let state = Mutex(State())

    private init() {}

    /// Returns once `pid` has exited (at once if it already has).
    public func waitForExit(of pid: pid_t) async {
        let fd = agora_pidfd_open(pid)
        guard fd >= 0 else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let registered = self.state.withLock { state -> Bool in
                if state.epoll < 0 {
                    state.epoll = agora_epoll_create()
                    let epoll = state.epoll
                    DetachedThread.start { [self] in self.run(epoll) }
                }
                guard agora_epoll_add(state.epoll, fd) == 0 else { return false }
                state.waiters[fd] = (fd, continuation)
                return true
            }
            if !registered {
                close(fd)
                continuation.resume()
            }
        }
    }

    private func run(_ epoll: Int32) {
        var ready = [Int32](repeating: -1, count: 64)
        while true {
            let count = agora_epoll_wait(epoll, &ready, Int32(ready.count))
            if count < 0 { continue }
            for fd in ready.prefix(Int(count)) {
                let waiter = self.state.withLock { state in
                    agora_epoll_remove(epoll, fd)
                    return state.waiters.removeValue(forKey: fd)
                }
                close(fd)
                waiter?.continuation.resume()
            }
        }
    }
}
