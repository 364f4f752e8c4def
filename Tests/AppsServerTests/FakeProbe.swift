import AppsServer
import Synchronization

/// Probes that answer what the test says, and count how often they were asked.
final class FakeProbe: CheckProbing {
    private struct State {
        var httpStatus: [Int: Int] = [:]
        var readyStatus: [String: Int] = [:]
        var calls: [String] = []
    }

    private let state = Mutex(State())
    /// Status for ports nobody set.
    let defaultStatus: Int

    init(defaultStatus: Int = 200) { self.defaultStatus = defaultStatus }

    /// Makes HTTP checks of `port` answer `status` (0: connection refused).
    func answer(_ status: Int, onPort port: Int) { self.state.withLock { $0.httpStatus[port] = status } }

    /// Makes requests for `path` answer `status`, whatever the port (readiness endpoints).
    func answer(_ status: Int, onPath path: String) { self.state.withLock { $0.readyStatus[path] = status } }

    /// `host:port/path` of every probe so far.
    var calls: [String] { self.state.withLock { $0.calls } }

    func http(scheme: String, host: String, port: Int, path: String, timeout: Duration) async -> HTTPProbeResult {
        let status = self.state.withLock { state in
            state.calls.append("\(host):\(port)\(path)")
            return state.readyStatus[path] ?? state.httpStatus[port] ?? self.defaultStatus
        }
        return status == 0 ? .failed("Connection refused") : .response(status: status, contentType: "text/plain", body: "ok")
    }

    func tcp(host: String, port: Int, timeout: Duration) async -> String? {
        let status = self.state.withLock { state in
            state.calls.append("\(host):\(port)")
            return state.httpStatus[port] ?? self.defaultStatus
        }
        return status == 0 ? "Connection refused" : nil
    }
}
