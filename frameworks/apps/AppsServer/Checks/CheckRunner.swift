import AppsCore
import Synchronization

/// Runs the framework-side checks the core asks for: Marathon's HTTP, HTTPS and TCP health
/// checks (every `intervalSeconds`, each probe within `timeoutSeconds`) and readiness checks
/// during deployments. Results go to `report`; the core decides what they mean (grace
/// period, consecutive failures, kills).
public final class CheckRunner: Sendable {
    /// Where results go.
    public struct Reports: Sendable {
        public var health: @Sendable (_ taskID: String, _ checkIndex: Int, _ alive: Bool, _ cause: String?) async -> Void
        public var readiness: @Sendable (ReadinessResult) async -> Void

        public init(
            health: @escaping @Sendable (String, Int, Bool, String?) async -> Void,
            readiness: @escaping @Sendable (ReadinessResult) async -> Void
        ) {
            self.health = health
            self.readiness = readiness
        }
    }

    private let probe: any CheckProbing
    private let clock: any AppsClock
    private let running = Mutex<[String: Task<Void, Never>]>([:])

    public init(probe: any CheckProbing, clock: any AppsClock) {
        self.probe = probe
        self.clock = clock
    }

    /// Task IDs with health checks running (diagnostics and tests).
    public var healthChecked: Set<String> {
        Set(self.running.withLock { $0.keys.filter { $0.hasPrefix("health:") }.map { String($0.dropFirst(7)) } })
    }

    /// Starts (or restarts) the health checks of one task.
    public func startHealthChecks(_ target: HealthCheckTarget, reports: Reports) {
        self.replace("health:" + target.taskID) {
            await withDiscardingTaskGroup { group in
                for check in target.checks {
                    group.addTask { await self.healthLoop(check, target: target, reports: reports) }
                }
            }
        }
    }

    /// Starts polling the readiness checks of one task.
    public func startReadinessChecks(_ target: ReadinessTarget, reports: Reports) {
        self.replace("ready:" + target.taskID) {
            await withDiscardingTaskGroup { group in
                for (check, port) in target.checks {
                    group.addTask { await self.readinessLoop(check, port: port, target: target, reports: reports) }
                }
            }
        }
    }

    public func stopHealthChecks(taskID: String) { self.cancel("health:" + taskID) }
    public func stopReadinessChecks(taskID: String) { self.cancel("ready:" + taskID) }

    /// Stops everything (leadership ended, or shutdown).
    public func stopAll() {
        let tasks = self.running.withLock { running in
            defer { running = [:] }
            return Array(running.values)
        }
        for task in tasks { task.cancel() }
    }

    private func replace(_ key: String, _ body: @escaping @Sendable () async -> Void) {
        let task = Task { await body() }
        let previous = self.running.withLock { running in
            defer { running[key] = task }
            return running[key]
        }
        previous?.cancel()
    }

    private func cancel(_ key: String) {
        self.running.withLock { $0.removeValue(forKey: key) }?.cancel()
    }

    private func healthLoop(_ indexed: IndexedHealthCheck, target: HealthCheckTarget, reports: Reports) async {
        let check = indexed.check
        while !Task.isCancelled {
            let started = self.clock.now()
            let cause = await self.healthProbe(check, host: target.host, port: indexed.port)
            guard !Task.isCancelled else { return }
            await reports.health(target.taskID, indexed.index, cause == nil, cause)
            do { try await self.clock.sleep(until: started.adding(seconds: check.intervalSeconds)) } catch { return }
        }
    }

    /// nil when healthy, else the failure cause.
    func healthProbe(_ check: HealthCheck, host: String, port: Int) async -> String? {
        let timeout = Duration.seconds(double: check.timeoutSeconds)
        switch check.protocol {
        case .tcp:
            return await self.probe.tcp(host: host, port: port, timeout: timeout)
        default:
            let scheme = check.protocol == .https ? "https" : "http"
            switch await self.probe.http(scheme: scheme, host: host, port: port, path: check.path ?? "/", timeout: timeout) {
            case .failed(let cause): return cause
            case .response(let status, _, _):
                if (200..<400).contains(status) || (check.ignoreHttp1xx && (100..<200).contains(status)) { return nil }
                return "Got status code \(status) from \(scheme)://\(host):\(port)\(check.path ?? "/")"
            }
        }
    }

    private func readinessLoop(_ check: ReadinessCheck, port: Int, target: ReadinessTarget, reports: Reports) async {
        while !Task.isCancelled {
            let started = self.clock.now()
            let scheme = check.protocol == "HTTPS" ? "https" : "http"
            let outcome = await self.probe.http(
                scheme: scheme, host: target.host, port: port, path: check.path, timeout: .seconds(double: check.timeoutSeconds))
            guard !Task.isCancelled else { return }
            await reports.readiness(Self.readiness(outcome, check: check, taskID: target.taskID))
            do { try await self.clock.sleep(until: started.adding(seconds: check.intervalSeconds)) } catch { return }
        }
    }

    static func readiness(_ outcome: HTTPProbeResult, check: ReadinessCheck, taskID: String) -> ReadinessResult {
        switch outcome {
        case .failed:
            return ReadinessResult(name: check.name, taskID: taskID, ready: false)
        case .response(let status, let contentType, let body):
            let last: JSONValue? = check.preserveLastResponse
                ? .object([("status", .number(Double(status))), ("contentType", contentType.map(JSONValue.string) ?? .null), ("body", .string(body))])
                : nil
            return ReadinessResult(name: check.name, taskID: taskID, ready: check.httpStatusCodesForReady.contains(status), lastResponse: last)
        }
    }
}
