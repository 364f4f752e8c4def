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
