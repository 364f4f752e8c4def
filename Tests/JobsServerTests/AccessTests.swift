import AgoraSecurity
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobsCore
import JobsServer
import Testing

/// The jobs API with credentials on: every endpoint class refuses anonymous and wrong
/// credentials with 401, a Basic challenge and a JSON message, changes nothing when it
/// refuses, and serves the right principal (Basic or Marathon-style token); `/ping` is open.
@Suite struct JobsAccessTests {
    static let job = #"{"name":"guarded","command":"echo hi","schedule":"R/2026-03-02T00:00:00Z/P1D","owner":""}"#
    static let ops = "Basic b3BzOnMzY3JldA=="  // ops:s3cret
    static let wrong = "Basic b3BzOndyb25n"  // ops:wrong

    static var policy: AccessPolicy {
        var settings = JobsSettings()
        settings.access = AccessPolicy(credentials: Credentials(["ops": "s3cret"]), realm: "chronos")
        return settings.accessPolicy
    }

    @Test func anonymousAndWrongCredentialsAreRefusedAndChangeNothing() async throws {
        let h = try await ShellHarness()
        try await h.withRouter(access: Self.policy) { client in
            let attempts: [(HTTPRequest.Method, String, String?)] = [
                (.post, "/v1/scheduler/iso8601", nil), (.post, "/v1/scheduler/iso8601", Self.wrong),
                (.post, "/v1/jobs", nil), (.get, "/v1/scheduler/jobs", nil), (.get, "/v1/jobs", Self.wrong),
            ]
            for (method, path, authorization) in attempts {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let authorization { headers[.authorization] = authorization }
                let body = path.hasSuffix("iso8601") ? Self.job : #"{"id":"guarded","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0}}"#
                try await client.execute(uri: path, method: method, headers: headers, body: bytes(body)) { (r: TestResponse) async throws in
                    #expect(r.status == .unauthorized, "\(method) \(path)")
                    #expect(r.headers[.wwwAuthenticate] == #"Basic realm="chronos""#)
                    #expect(try r.json()["message"]?.stringValue?.isEmpty == false)
                }
            }
            try await client.execute(uri: "/ping", method: .get) { (r: TestResponse) async throws in #expect(r.status == .ok) }
        }
        #expect(try await h.core().jobs.isEmpty, "a refused request created a job")
        await h.stop()
    }

    @Test func basicCredentialsAndTokensAreServed() async throws {
        let h = try await ShellHarness()
        try await h.withRouter(access: Self.policy) { client in
            try await client.execute(
                uri: "/v1/scheduler/iso8601", method: .post, headers: [.contentType: "application/json", .authorization: Self.ops], body: bytes(Self.job)
            ) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "/v1/scheduler/jobs", method: .get, headers: [.authorization: "token=s3cret"]) { (r: TestResponse) async throws in
                #expect(r.status == .ok)
                #expect(try r.json().arrayItems.compactMap { $0["name"]?.stringValue } == ["guarded"])
            }
        }
        await h.stop()
    }
}
