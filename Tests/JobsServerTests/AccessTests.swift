import AgoraTestKit
import AgoraSecurity
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobsCore
import JobsServer
import Logging
import Synchronization
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
        let audit = CapturedLog()
        try await h.withRouter(access: Self.policy, audit: Logger(label: "audit") { _ in audit }) { client in
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
            // Five refusals counted; the scrape itself is authenticated.
            try await client.execute(uri: "/metrics/prometheus", method: .get, headers: [.authorization: Self.ops]) { (r: TestResponse) async throws in
                #expect(r.text.contains("agora_http_unauthorized_total 5"), "\(r.text.prefix(600))")
            }
        }
        #expect(try await h.core().jobs.isEmpty, "a refused request created a job")
        // Every refused write is in the audit log; reads are not.
        let lines = audit.entries.withLock { $0 }
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0["status"] == "401" && $0["method"] == "POST" && $0["principal"] == "-" })
        await h.stop()
    }

    @Test func basicCredentialsAndTokensAreServed() async throws {
        let h = try await ShellHarness()
        let audit = CapturedLog()
        try await h.withRouter(access: Self.policy, audit: Logger(label: "audit") { _ in audit }) { client in
            try await client.execute(
                uri: "/v1/scheduler/iso8601", method: .post, headers: [.contentType: "application/json", .authorization: Self.ops], body: bytes(Self.job)
            ) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "/v1/scheduler/jobs", method: .get, headers: [.authorization: "token=s3cret"]) { (r: TestResponse) async throws in
                #expect(r.status == .ok)
                #expect(try r.json().arrayItems.compactMap { $0["name"]?.stringValue } == ["guarded"])
            }
        }
        let lines = audit.entries.withLock { $0 }
        #expect(lines.map { [$0["principal"], $0["method"], $0["path"], $0["status"]] } == [["ops", "POST", "/v1/scheduler/iso8601", "204"]])
        await h.stop()
    }
}

/// The run-spec ACLs on the jobs API: Metronome ids are paths with dots (`dev.nightly` is
/// `/dev/nightly`); each principal creates, deletes and sees only what its rules name; a
/// refusal is a 403 `{"message"}` and changes nothing; lists filter.
@Suite struct JobsACLTests {
    static let dev = "Basic ZGV2OmQzdg=="  // dev:d3v
    static let ops = "Basic b3BzOnMzY3JldA=="  // ops:s3cret

    static var policy: AccessPolicy {
        var settings = JobsSettings()
        settings.access = AccessPolicy(credentials: Credentials(["ops": "s3cret", "dev": "d3v"]), realm: "chronos")
        settings.access.acls = try! ACLs.parse(#"""
            {"permissive": false,
             "create_run_specs": [{"principals": {"values": ["dev"]}, "paths": {"values": ["/dev"]}},
                                  {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
             "delete_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
             "update_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
             "view_run_specs": [{"principals": {"values": ["dev"]}, "paths": {"values": ["/dev"]}},
                                {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}]}
            """#)
        return settings.accessPolicy
    }

    static func job(_ id: String) -> String { #"{"id":"\#(id)","run":{"cmd":"true","cpus":0.1,"mem":32,"disk":0}}"# }

    @Test func principalsActOnlyOnTheirJobs() async throws {
        let h = try await ShellHarness()
        try await h.withRouter(access: Self.policy) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            func send(_ method: HTTPRequest.Method, _ path: String, _ body: String = "", as authorization: String) async throws -> (HTTPResponse.Status, JSONValue?) {
                var headers = json
                headers[.authorization] = authorization
                return try await client.execute(uri: path, method: method, headers: headers, body: bytes(body)) { (r: TestResponse) async throws in
                    // A body that is not JSON reads as nil; the message checks then fail by name.
                    (r.status, try? r.json())
                }
            }
            #expect(try await send(.post, "/v1/jobs", Self.job("dev.nightly"), as: Self.dev).0 == .created)
            let (status, body) = try await send(.post, "/v1/jobs", Self.job("prod.backup"), as: Self.dev)
            #expect(status == .forbidden)
            #expect(body?["message"]?.stringValue?.contains("create_run_specs on /prod/backup") == true)
            #expect(try await send(.post, "/v1/jobs", Self.job("prod.backup"), as: Self.ops).0 == .created)

            let listed = { (who: String) async throws -> [String] in
                (try await send(.get, "/v1/jobs", as: who).1?.arrayItems ?? []).compactMap { $0["id"]?.stringValue }.sorted()
            }
            #expect(try await listed(Self.dev) == ["dev.nightly"])
            #expect(try await listed(Self.ops) == ["dev.nightly", "prod.backup"])
            #expect(try await send(.get, "/v1/jobs/prod.backup", as: Self.dev).0 == .notFound)

            #expect(try await send(.delete, "/v1/jobs/dev.nightly", as: Self.dev).0 == .forbidden)
            #expect(try await send(.post, "/v1/jobs/dev.nightly/runs", as: Self.dev).0 == .forbidden, "starting a run is an update")
            #expect(try await listed(Self.ops) == ["dev.nightly", "prod.backup"], "a refused delete deleted")
            #expect(try await send(.delete, "/v1/jobs/dev.nightly", as: Self.ops).0 == .ok)
        }
        #expect(try await h.core().jobs.keys.sorted() == ["prod.backup"])
        await h.stop()
    }
}
