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
        let directory = Paths.scratch("webui")
        let dev = try ServerProcess(
            ["dev", "--master-port", "0", "--agent-port", "0", "--apps-port", "0", "--jobs-port", "0", "--agents", "1",
             "--work-dir", directory + "/work", "--resources", "cpus:4;mem:4096;disk:1000;ports:\(TaskPorts.range(100))"],
            name: "dev", logDirectory: directory)
        do {
            let master = try await dev.address(of: "master")
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

            let fixture = PythonFixture("ui_browser.py", [master, directory + "/screenshots", "ui-ticker"], in: directory)
            let status = try await fixture.run()
            #expect(status == 0, "ui_browser.py failed (logs and failure.png in \(directory)): \(fixture.errors)")
            let passed = Set(fixture.lines.compactMap { $0["check"] as? String })
            #expect(passed.isSuperset(of: Self.checks), "missing checks: \(Self.checks.subtracting(passed).sorted())")
            await framework.stop()
            await dev.stop()
            if status == 0 { Paths.discardScratch(directory) }
        } catch {
            await dev.stop()
            Issue.record("logs in \(directory)")
            throw error
        }
    }
}
