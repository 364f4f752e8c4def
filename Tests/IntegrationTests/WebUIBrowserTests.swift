import AgoraTestKit
import Foundation
import Testing

/// The web UI in a real browser (headless Chromium driven by Selenium, one browser start)
/// against a real `agora dev`: every page renders its anchors without console errors, the
/// overview agrees with /master/state, a task's log tail grows, an app is deployed, does
/// not fit, and is rolled back from the UI, and a job runs from its Run button.
/// Screenshots land in the test's scratch directory (kept with AGORA_TEST_KEEP_LOGS=1).
@Suite(.serialized) struct WebUIBrowserTests {
    static let checks: Set<String> = [
        "overview-matches-state", "page:overview", "page:frameworks", "page:agents", "page:roles", "page:offers",
        "log-tail-grows", "page:task-sandbox", "launched-task-listed", "page:tasks", "app-deployed-through-ui", "page:apps",
        "cannot-fit-shows-reason", "page:app-detail", "rollback-from-ui", "job-run-from-ui", "job-history", "page:jobs",
        "page:overview-after",
    ]

    @Test func everyPageRendersAndSteersARealCluster() async throws {
        try await Self.withDev(
            "webui", ["--apps-port", "0", "--jobs-port", "0", "--resources", "cpus:4;mem:4096;disk:1000;ports:\(TaskPorts.range(100))"]
        ) { master, directory in
            try await eventually("the apps and jobs frameworks to register with their web UI URLs", within: 60) {
                let frameworks = try await getJSON("http://\(master)/master/state")["frameworks"] as? [[String: Any]] ?? []
                let withUI = frameworks.filter { ($0["webui_url"] as? String)?.hasPrefix("http://") == true }.compactMap { $0["name"] as? String }
                return Set(withUI).isSuperset(of: ["marathon", "agora-jobs"])
            }
            let framework = try await TestFramework(master: master)
            _ = try await framework.launch([(id: "ui-ticker", command: "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done")])
            try await framework.waitFor(.taskRunning, of: "ui-ticker")
            // The rest of the agent goes to the apps and jobs frameworks.
            try await framework.declineHeldOffers(refuse: .seconds(3600))
            let passed = try await Self.runFixture("ui_browser.py", [master, directory + "/screenshots", "ui-ticker"], in: directory, expecting: Self.checks)
            await framework.stop()
            return passed
        }
    }

    /// Three masters in ZooKeeper: `/ui/api/masters` lists them, leader first, and a UI loaded
    /// from the leader moves to the new leader (same page) when the leader is SIGKILLed.
    @Test func theUIFollowsTheLeaderWhenItsMasterDies() async throws {
        try await withHACluster("webui-failover") { cluster in
            let first = try await cluster.leader()
            let leader = cluster.masterAddresses[first]
            let others = cluster.masterAddresses.filter { $0 != leader }
            let listed = try await getJSON("http://\(leader)/ui/api/masters")["masters"] as? [String] ?? []
            #expect(listed.first == "http://\(leader)")
            #expect(Set(listed) == Set(cluster.masterAddresses.map { "http://\($0)" }))

            let pid = try #require(cluster.masters[first]).pid
            _ = try await Self.runFixture(
                "ui_failover.py", [leader, String(pid), others.joined(separator: ","), cluster.directory + "/screenshots"], in: cluster.directory,
                expecting: ["page:agents-on-leader", "leader-killed", "ui-followed-leader", "page:agents-after-failover"])
            await cluster.killMaster(first)
        }
    }

    /// 10,000 tasks (a real task's state copied by a proxy in the fixture): the tasks table
    /// keeps one page in the DOM, pages and filters, and the overview counts them by state.
    @Test func tenThousandTasksPageFilterAndCount() async throws {
        try await Self.withDev("webui-scale", ["--no-apps", "--no-jobs", "--resources", "cpus:2;mem:1024;disk:100;ports:\(TaskPorts.range(10))"]) {
            master, directory in
            let framework = try await TestFramework(master: master)
            _ = try await framework.launch([(id: "scale-template", command: "sleep 600")])
            try await framework.waitFor(.taskRunning, of: "scale-template")
            let passed = try await Self.runFixture(
                "ui_scale.py", [master, directory + "/screenshots"], in: directory,
                expecting: ["tasks-paged", "tasks-filtered", "page:tasks-10000", "overview-counts-10000", "page:overview-10000"])
            await framework.stop()
            return passed
        }
    }

    /// Runs `body` against a fresh one-agent `agora dev` on free ports (`flags` added) and stops
    /// it after; its directory is kept unless `body` says its fixture passed.
    static func withDev(
        _ name: String, _ flags: [String], _ body: (_ master: String, _ directory: String) async throws -> Bool
    ) async throws {
        let directory = Paths.scratch(name)
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--agents", "1", "--work-dir", directory + "/work"] + flags,
            name: "dev", logDirectory: directory)
        do {
            let passed = try await body(try await dev.address(of: "master"), directory)
            await dev.stop()
            if passed { Paths.discardScratch(directory) }
        } catch {
            await dev.stop()
            Issue.record("logs in \(directory)")
            throw error
        }
    }

    /// Runs a browser fixture and expects it to pass with every check in `checks`; whether it passed.
    static func runFixture(_ script: String, _ arguments: [String], in directory: String, expecting checks: Set<String>) async throws -> Bool {
        let fixture = PythonFixture(script, arguments, in: directory)
        let status = try await fixture.run()
        #expect(status == 0, "\(script) failed (logs and failure.png in \(directory)): \(fixture.errors)")
        let passed = Set(fixture.lines.compactMap { $0["check"] as? String })
        #expect(passed.isSuperset(of: checks), "missing checks: \(checks.subtracting(passed).sorted())")
        return status == 0
    }
}
