import AgoraTestKit
import Foundation
import Testing

/// The web UI's login in a real browser (headless Chromium driven by Selenium) against a
/// master started with `--credentials` and one agent: the login form, a refused wrong
/// secret, the overview with data once logged in, a reload that stays logged in, logout
/// back to the form; and the master's state refused without the session cookie.
@Suite(.serialized) struct WebUILoginBrowserTests {
    @Test func loginShowsTheClusterAndLogoutEndsTheSession() async throws {
        let file = try SecurityIntegrationTests.credentialsFile(in: Paths.scratch("webui-login-credentials"))
        try await withCluster("webui-login", masterFlags: ["--credentials", file]) { cluster in
            let master = "http://\(cluster.masterAddress)"
            let anonymous = try await http("GET", "\(master)/master/state")
            #expect(anonymous.status == 401, "no cookie, no credentials: refused")
            #expect(try await http("GET", "\(master)/ui/").status == 200, "the page itself is open, to show the form")
            try await eventually("the agent to register", within: 60) {
                let state = try await http("GET", "\(master)/master/state", headers: ["Authorization": "Basic b3BzOnMzY3JldA=="])
                let object = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
                return state.status == 200 && (object?["activated_slaves"] as? Int) == 1
            }
            let passed = try await WebUIBrowserTests.runFixture(
                "ui_login.py", [cluster.masterAddress, cluster.directory + "/screenshots", "s3cret"], in: cluster.directory,
                expecting: [
                    "refused-without-cookie", "page:login-form", "wrong-secret-refused", "page:login-refused", "logged-in",
                    "page:overview-logged-in", "reload-stays-logged-in", "page:overview-after-reload", "logged-out", "page:logged-out",
                ])
            #expect(passed)
        }
    }
}
