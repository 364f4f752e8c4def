import AgoraSecurity
import AppsServer
import HTTPTypes
import Testing

/// The Marathon API with credentials on: 401 with a Basic challenge and Marathon's JSON
/// `{"message"}` (marathon-python raises on anything else) for anonymous and wrong
/// credentials, nothing created on refusal; Basic and `token=` credentials served; `/ping` open.
@Suite struct AppsAccessTests {
    static let app = #"{"id":"/guarded","cmd":"sleep 60","cpus":0.1,"mem":16}"#

    @Test func refusedRequestsChangeNothingAndCredentialsAreServed() async throws {
        try await AppsFixture.run(configure: { $0.access = AccessPolicy(credentials: Credentials(["ops": "s3cret"]), realm: "marathon") }) { f in
            for authorization in [nil, "Basic b3BzOndyb25n", "token=wrong"] as [String?] {
                var headers: HTTPFields = [:]
                if let authorization { headers[.authorization] = authorization }
                let refused = try await f.request(.post, "/v2/apps", Self.app, headers: headers)
                #expect(refused.status == 401)
                #expect(refused.header("WWW-Authenticate") == #"Basic realm="marathon""#)
                #expect(refused.message?.isEmpty == false)
                #expect(try await f.request(.get, "/v2/apps", headers: headers).status == 401)
            }
            #expect(try await f.request(.get, "/ping").status == 200)
            let created = try await f.request(.post, "/v2/apps", Self.app, headers: [.authorization: "Basic b3BzOnMzY3JldA=="])
            #expect(created.status == 201)
            let listed = try await f.request(.get, "/v2/apps", headers: [.authorization: "token=s3cret"])
            #expect(listed.json?["apps"]?.arrayValue.count == 1, "exactly the one app created with credentials")
        }
    }
}

/// The run-spec ACLs on the Marathon API: each principal creates, changes, deletes and sees
/// only the apps under the groups its rules name; a refusal is Marathon's 403
/// `{"message"}` and changes nothing; lists leave out what the principal may not view.
@Suite struct AppsACLTests {
    static let acls = try! ACLs.parse(#"""
        {"permissive": false,
         "create_run_specs": [{"principals": {"values": ["dev"]}, "paths": {"values": ["/dev"]}},
                              {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "update_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "delete_run_specs": [{"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "view_run_specs": [{"principals": {"values": ["dev"]}, "paths": {"values": ["/dev"]}},
                            {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}]}
        """#)
    static let dev: HTTPFields = [.authorization: "Basic ZGV2OmQzdg=="]  // dev:d3v
    static let ops: HTTPFields = [.authorization: "Basic b3BzOnMzY3JldA=="]  // ops:s3cret

    static func ids(_ listed: Reply) -> [String] {
        (listed.json?["apps"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.sorted()
    }

    @Test func principalsActOnlyOnTheirGroups() async throws {
        try await AppsFixture.run(configure: {
            $0.access = AccessPolicy(credentials: Credentials(["ops": "s3cret", "dev": "d3v"]), realm: "marathon")
            $0.access.acls = Self.acls
        }) { f in
            let devApp = #"{"id":"/dev/web","cmd":"sleep 60","cpus":0.1,"mem":16}"#
            let prodApp = #"{"id":"/prod/web","cmd":"sleep 60","cpus":0.1,"mem":16}"#
            #expect(try await f.request(.post, "/v2/apps", devApp, headers: Self.dev).status == 201)
            let refused = try await f.request(.post, "/v2/apps", prodApp, headers: Self.dev)
            #expect(refused.status == 403)
            #expect(refused.message?.contains("create_run_specs on /prod/web") == true, "\(refused.message ?? "")")
            #expect(try await f.request(.post, "/v2/apps", prodApp, headers: Self.ops).status == 201)

            // Lists and single reads leave out what dev may not view.
            #expect(Self.ids(try await f.request(.get, "/v2/apps", headers: Self.dev)) == ["/dev/web"])
            #expect(Self.ids(try await f.request(.get, "/v2/apps", headers: Self.ops)) == ["/dev/web", "/prod/web"])
            #expect(try await f.request(.get, "/v2/apps/prod/web", headers: Self.dev).status == 404)

            // dev may create under /dev but not change or delete: refused, nothing changes.
            let scale = try await f.request(.put, "/v2/apps/dev/web", #"{"instances":3}"#, headers: Self.dev)
            #expect(scale.status == 403)
            #expect(try await f.request(.delete, "/v2/apps/dev/web", headers: Self.dev).status == 403)
            let app = try await f.request(.get, "/v2/apps/dev/web", headers: Self.ops)
            #expect(app.json?["app"]?["instances"]?.numberValue == 1, "a refused update changed the app")
            #expect(try await f.request(.delete, "/v2/apps/dev/web", headers: Self.ops).status == 200)
            #expect(Self.ids(try await f.request(.get, "/v2/apps", headers: Self.ops)) == ["/prod/web"])
        }
    }
}
