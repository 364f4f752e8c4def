@testable import CommandExecutor
import Testing

/// Reading a TaskInfo's HealthCheck.
@Suite struct HealthCheckSpecTests {
    @Test func anHTTPCheckWithMesosDefaults() throws {
        var check = ProtoWriter()
        check.varint(8, 2)
        check.message(1) { http in
            http.varint(1, 8080)
            http.string(2, "health")
            http.varint(4, 204)
        }
        let spec = try #require(try HealthCheckSpec.decode(check.bytes[...]))
        guard case .http(8080, "/health", "http", [204]) = spec.kind else {
            Issue.record("\(spec.kind)")
            return
        }
        #expect(spec.delaySeconds == 15 && spec.intervalSeconds == 10 && spec.timeoutSeconds == 20)
        #expect(spec.consecutiveFailures == 3 && spec.gracePeriodSeconds == 10)
    }

    @Test func aCommandCheckWithoutATypeAndItsTimings() throws {
        var check = ProtoWriter()
        check.message(7) { command in command.string(3, "test -f ok") }
        check.double(3, 0.5)
        check.varint(5, 7)
        let spec = try #require(try HealthCheckSpec.decode(check.bytes[...]))
        guard case .command(let command) = spec.kind else {
            Issue.record("\(spec.kind)")
            return
        }
        #expect(command.value == "test -f ok" && command.shell)
        #expect(spec.intervalSeconds == 0.5 && spec.consecutiveFailures == 7)
    }

    @Test func noCheckAtAll() throws {
        #expect(try HealthCheckSpec.decode([][...]) == nil)
    }
}
