import Coordination
import Foundation
import Logging
import Testing
import AgoraTestKit

/// A logger for the code under test: warnings only, unless AGORA_TEST_LOG_LEVEL says otherwise.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    let level = ProcessInfo.processInfo.environment["AGORA_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .warning
    return logger
}

/// A started contender that records every announcement.
struct Contender {
    let contender: LeaderContender
    let announcements: Recorder<Leadership>

    var current: Leadership? { self.contender.current }
    var node: String? { self.contender.nodePath }
    var client: ZooKeeperClient? { self.contender.membership?.client }
}

/// Starts a contender in `group` and waits until it is a member, so that contenders
/// started one after another get increasing sequence numbers.
func startContender(
    _ server: ZooKeeperServer, group: String, data: [UInt8] = [], name: String, sessionTimeout: Duration = .seconds(2)
) async throws -> Contender {
    let url = try ZooKeeperURL.parse(server.url(path: group))
    let contender = LeaderContender(
        url: url, data: data, sessionTimeout: sessionTimeout, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(500)),
        logger: testLogger("contender-\(name)"))
    let recorded = Contender(contender: contender, announcements: Recorder(contender.leadership()))
    contender.start()
    try await eventually("\(name) to join \(group)") { contender.nodePath != nil && contender.current != nil }
    return recorded
}

/// The contenders that currently announce `.elected`.
func elected(_ contenders: [Contender]) -> [Contender] { contenders.filter { $0.current == .elected } }

/// Waits until exactly one contender is elected and it owns the lowest member node.
func waitForSingleLeader(_ contenders: [Contender], group: String, observer: ZooKeeperClient, within seconds: Double = 10) async throws
    -> Contender
{
    try await eventuallyValue("exactly one leader, owning the lowest node", within: seconds) {
        let leaders = elected(contenders)
        guard leaders.count == 1, let node = leaders[0].node else { return nil }
        let lowest = Election.members(of: try await observer.children(group), label: "json.info").first?.name
        return lowest.map { ZooKeeperPath.join(group, $0) } == node ? leaders[0] : nil
    }
}

/// MasterInfo JSON as a Mesos master writes it.
func masterInfo(port: Int, ip: String = "127.0.0.1") -> [UInt8] {
    Array(#"{"id":"m-\#(port)","ip":16777343,"port":\#(port),"pid":"master@\#(ip):\#(port)","hostname":"h","version":"1.12.0","address":{"hostname":"h","ip":"\#(ip)","port":\#(port)}}"#.utf8)
}
