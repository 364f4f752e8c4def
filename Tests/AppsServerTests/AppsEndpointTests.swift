import AgoraTestKit
import AppsCore
import AppsServer
import Testing

/// `/v2/apps`: status codes, headers and bodies as Marathon answers (reference §2.2, §2.3).
@Suite struct AppsEndpointTests {
    static let web = #"{"id":"web","cmd":"python3 -m http.server $PORT0","instances":2,"cpus":0.1,"mem":32}"#

    @Test func createAnswers201WithLocationDeploymentAndTheApp() async throws {
        try await AppsFixture.run { f in
            let reply = try await f.request(.post, "/v2/apps", Self.web)
            #expect(reply.status == 201)
            #expect(reply.header("Location") == "http://localhost/v2/apps/web", "from the Host the client used")
            let deployment = try #require(reply.header("Marathon-Deployment-Id"))
            #expect(reply.json?["id"] == "/web")
            #expect(reply.json?["deployments"]?[0]?["id"]?.stringValue == deployment)
            #expect(reply.json?["tasksRunning"] == 0 && reply.json?["tasks"] == nil)
            let deployments = try await f.request(.get, "/v2/deployments")
            #expect(deployments.json?[0]?["id"]?.stringValue == deployment, "a bare array")
            #expect(deployments.json?[0]?["affectedApps"] == ["/web"])
            let got = try await f.app("/web")
            #expect(got["instances"] == 2 && got["tasks"] == [])
        }
    }

    @Test func invalidDefinitionsAre422AndNothingIsCreated() async throws {
        try await AppsFixture.run { f in
            let writes = f.memory.writes.count
            let reply = try await f.request(.post, "/v2/apps", #"{"id":"Bad_Id","cpus":-1}"#)
            #expect(reply.status == 422)
            #expect(reply.message == "Object is not valid")
            let paths = reply.json?["details"]?.arrayValue.compactMap { $0["path"]?.stringValue } ?? []
            #expect(Set(paths).isSuperset(of: ["/id", "/", "/cpus"]), "\(reply.text)")
            #expect(reply.json?["details"]?[0]?["errors"]?.arrayValue.isEmpty == false)
            #expect(try await f.request(.get, "/v2/apps").json == .object([("apps", [])]))
            #expect(f.memory.writes.count == writes, "nothing stored")
        }
    }

    @Test func malformedJSONIs400WithTheParserMessage() async throws {
        try await AppsFixture.run { f in
            let reply = try await f.request(.post, "/v2/apps", #"{"id": "web", "#)
            #expect(reply.status == 400)
            #expect(reply.message == "Invalid JSON")
            #expect(reply.json?["details"]?.stringValue?.isEmpty == false)
            let typed = try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","cpus":"lots"}"#)
            #expect(typed.status == 422 && typed.message == "Invalid JSON")
            #expect(typed.json?["details"]?[0]?["path"] == "/cpus")
        }
    }

    @Test func unknownAppsAre404WithMarathonsMessage() async throws {
        try await AppsFixture.run { f in
            for (method, uri) in [("GET", "/v2/apps/x"), ("DELETE", "/v2/apps/x"), ("POST", "/v2/apps/x/restart"),
                                  ("GET", "/v2/apps/x/versions"), ("GET", "/v2/apps/x/tasks"), ("PATCH", "/v2/apps/x")] {
                let reply = try await f.request(.init(rawValue: method)!, uri, method == "PATCH" ? "{}" : nil)
                #expect(reply.status == 404, "\(method) \(uri)")
                #expect(reply.json == .object([("message", "App '/x' does not exist")]), "\(method) \(uri): \(reply.text)")
            }
            #expect(try await f.request(.get, "/v2/nothing").status == 404)
        }
    }

    @Test func creatingAnExistingAppIs409() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", Self.web)
            let again = try await f.request(.post, "/v2/apps", Self.web)
            #expect(again.status == 409)
            #expect(again.message == "An app with id [/web] already exists.")
        }
    }

    @Test func aLockedAppIs409NamingTheDeploymentUnlessForced() async throws {
        try await AppsFixture.run { f in
            let created = try await f.request(.post, "/v2/apps", Self.web)
            let blocking = try #require(created.header("Marathon-Deployment-Id"))
            let locked = try await f.request(.put, "/v2/apps/web", #"{"instances":3}"#)
            #expect(locked.status == 409)
            #expect(locked.message?.hasPrefix("App is locked by one or more deployments.") == true)
            #expect(locked.json?["deployments"] == .array([.object([("id", .string(blocking))])]))
            let forced = try await f.request(.put, "/v2/apps/web?force=True", #"{"instances":3}"#)
            #expect(forced.status == 200)
            #expect(forced.json?["deploymentId"]?.stringValue == forced.header("Marathon-Deployment-Id"))
            #expect(forced.json?["version"]?.stringValue.flatMap(Timestamp.init(iso8601:)) != nil)
            let deployments = try await f.request(.get, "/v2/deployments").json?.arrayValue ?? []
            #expect(deployments.count == 1 && deployments[0]["id"]?.stringValue != blocking, "the forced change superseded the first")
        }
    }

    @Test func pathsAreNormalisedAndBooleansReadInAnyCase() async throws {
        try await AppsFixture.run { f in
            #expect(try await f.request(.post, "/v2/apps", #"{"id":"/grp/web","cmd":"x","instances":0}"#).status == 201)
            for uri in ["/v2/apps//grp/web", "/v2/apps/grp/./web/", "/v2/apps/grp/x/../web", "/v2/apps/grp%2Fweb"] {
                #expect(try await f.request(.get, uri).json?["app"]?["id"] == "/grp/web", "\(uri)")
            }
            try await f.deploymentsFinish()
            #expect(try await f.request(.put, "/v2/apps//grp/web?force=FALSE", #"{"instances":0}"#).status == 200)
            let bad = try await f.request(.put, "/v2/apps/grp/web?force=maybe", #"{"instances":0}"#)
            #expect(bad.status == 400 && bad.message?.contains("force") == true)
        }
    }

    @Test func partialUpdatesMergeAndAVersionBodyRollsBack() async throws {
        try await AppsFixture.run { f in
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"v1","instances":0,"env":{"A":"1"},"labels":{"team":"a"}}"#)
            try await f.deploymentsFinish()
            let first = try #require(try await f.app("/web")["version"]?.stringValue)
            #expect(try await f.request(.put, "/v2/apps/web", #"{"env":{"B":"2"}}"#).status == 200)
            try await f.deploymentsFinish()
            let merged = try await f.app("/web")
            #expect(merged["cmd"] == "v1" && merged["labels"]?["team"] == "a", "untouched fields stay")
            #expect(merged["env"] == .object([("B", "2")]))
            let versions = try await f.request(.get, "/v2/apps/web/versions").json?["versions"]?.arrayValue ?? []
            #expect(versions.count == 2 && versions.contains(.string(first)))
            let old = try await f.request(.get, "/v2/apps/web/versions/\(first)")
            #expect(old.json?["env"] == .object([("A", "1")]) && old.json?["app"] == nil, "a bare app")
            #expect(try await f.request(.get, "/v2/apps/web/versions/2001-01-01T00:00:00.000Z").message
                == "App '/web' does not exist in version 2001-01-01T00:00:00.000Z")
            #expect(try await f.request(.put, "/v2/apps/web", #"{"version":"\#(first)"}"#).status == 200)
            try await f.deploymentsFinish()
            #expect(try await f.app("/web")["env"] == .object([("A", "1")]))
        }
    }

    @Test func putCreatesAMissingAppAndDeleteRemovesIt() async throws {
        try await AppsFixture.run { f in
            let created = try await f.request(.put, "/v2/apps/new", #"{"cmd":"x","instances":0}"#)
            #expect(created.status == 201 && created.header("Location")?.hasSuffix("/v2/apps/new") == true)
            #expect(created.json?["deploymentId"] != nil)
            try await f.deploymentsFinish()
            let deleted = try await f.request(.delete, "/v2/apps/new")
            #expect(deleted.status == 200 && deleted.json?["deploymentId"] != nil)
            try await f.deploymentsFinish()
            #expect(try await f.request(.get, "/v2/apps/new").status == 404)
        }
    }

    @Test func putOfAnArrayChangesSeveralAppsInOneDeployment() async throws {
        try await AppsFixture.run { f in
            let reply = try await f.request(.put, "/v2/apps", #"[{"id":"a","cmd":"x","instances":0},{"id":"/g/b","cmd":"y","instances":0}]"#)
            #expect(reply.status == 200 && reply.json?["deploymentId"] != nil)
            let deployments = try await f.request(.get, "/v2/deployments").json?.arrayValue ?? []
            #expect(deployments.count <= 1, "one deployment for both")
            #expect(try await f.app("/g/b")["cmd"] == "y")
            #expect(try await f.app("/a")["cmd"] == "x")
            let invalid = try await f.request(.put, "/v2/apps", #"[{"id":"ok","cmd":"x"},{"cmd":"y"}]"#)
            #expect(invalid.status == 422 && invalid.json?["details"]?[0]?["path"] == "/(1)/id")
            #expect(try await f.request(.get, "/v2/apps/ok").status == 404, "nothing of a refused batch is created")
        }
    }
}
