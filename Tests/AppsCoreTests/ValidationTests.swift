import AppsCore
import Testing

@Suite struct ValidationTests {
    /// The 422 details for creating `body`, as (path, errors) pairs.
    func details(_ body: String) -> [String: [String]] {
        var h = AppsHarness()
        guard case .failed(.invalid(let failure)) = h.perform(.createApp(json(body), force: false)) else { return [:] }
        return Dictionary(uniqueKeysWithValues: failure.details.map { ($0.path, $0.errors) })
    }

    func message(_ body: String) -> String? {
        var h = AppsHarness()
        guard case .failed(.invalid(let failure)) = h.perform(.createApp(json(body), force: false)) else { return nil }
        return failure.message
    }

    @Test func resourcesAndCounts() {
        #expect(self.details(#"{"id":"a","cmd":"x","cpus":-1,"mem":-2,"instances":-1,"disk":-3,"gpus":-1}"#) == [
            "/instances": ["got -1, expected 0 or more"],
            "/cpus": ["got -1, expected 0.001 or more"],
            "/mem": ["got -2, expected 0 or more"],
            "/disk": ["got -3, expected 0 or more"],
            "/gpus": ["got -1, expected 0 or more"],
        ])
        #expect(self.message(#"{"id":"a","cmd":"x","cpus":-1}"#) == "Object is not valid")
    }

    @Test func wrongTypesAreInvalidJSON() {
        #expect(self.details(#"{"id":"a","cmd":"x","cpus":"lots","instances":1.5,"requirePorts":"yes"}"#) == [
            "/cpus": ["error.expected.jsnumber"], "/instances": ["error.expected.int"], "/requirePorts": ["error.expected.jsboolean"],
        ])
        #expect(self.message(#"{"id":"a","cmd":"x","cpus":"lots"}"#) == "Invalid JSON")
    }

    @Test func idsAndCommands() {
        #expect(self.details(#"{"id":"My_App","cmd":"x"}"#)["/id"]?.first?.hasPrefix("must fully match regular expression") == true)
        #expect(self.details(#"{"id":"/a/restart","cmd":"x"}"#) == [
            "/id": ["must not end with any of the following reserved keywords: restart, tasks, versions, ., .."],
        ])
        #expect(self.details(#"{"id":"a"}"#) == ["/": ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."]])
        #expect(self.details(#"{"id":"a","cmd":"x","args":["y"]}"#) == ["/": ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."]])
        #expect(self.details(#"{"cmd":"x"}"#) == ["/id": ["is required"]])
    }

    @Test func constraintsPortsAndStrategies() {
        #expect(self.details(#"{"id":"a","cmd":"x","constraints":[["hostname","UNIQUE"],["rack","NEAR","x"],["rack","MAX_PER"]]}"#) == [
            "/constraints(1)": ["Constraint operator 'NEAR' must be one of the following: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS"],
            "/constraints(2)": ["Value was not specified for operator MAX_PER"],
        ])
        #expect(self.details(#"{"id":"a","cmd":"x","portDefinitions":[{"port":80},{"port":70000},{"port":80}]}"#) == [
            "/portDefinitions(1)/port": ["got 70000, expected between 0 and 65535"],
            "/portDefinitions": ["Ports must be unique."],
        ])
        #expect(self.details(#"{"id":"a","cmd":"x","ports":[1],"portDefinitions":[]}"#) == ["/": ["You cannot specify both ports and port definitions"]])
        #expect(self.details(#"{"id":"a","cmd":"x","upgradeStrategy":{"minimumHealthCapacity":1.5,"maximumOverCapacity":-0.1}}"#) == [
            "/upgradeStrategy/minimumHealthCapacity": ["is greater than 1"],
            "/upgradeStrategy/maximumOverCapacity": ["is less than 0"],
        ])
        #expect(self.details(#"{"id":"a","cmd":"x","backoffFactor":0.5,"unreachableStrategy":{"inactiveAfterSeconds":10,"expungeAfterSeconds":5}}"#) == [
            "/backoffFactor": ["got 0.5, expected 1 or more"],
            "/unreachableStrategy": ["expungeAfterSeconds must be greater than or equal to inactiveAfterSeconds"],
        ])
    }

    @Test func healthAndReadinessChecks() {
        #expect(self.details(#"{"id":"a","cmd":"x","healthChecks":[{"protocol":"GOPHER"},{"protocol":"HTTP","portIndex":3},{"protocol":"COMMAND"}]}"#) == [
            "/healthChecks(0)/protocol": ["must be one of HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP"],
            "/healthChecks(1)": ["Health check port indices must address an element of the ports array or container port mappings."],
            "/healthChecks(2)/command": ["must not be empty"],
        ])
        #expect(self.details(#"{"id":"a","cmd":"x","healthChecks":[{"protocol":"MESOS_TCP"},{"protocol":"MESOS_HTTP"}]}"#) == [
            "/healthChecks": ["AppDefinition can contain at most one Mesos health check."],
        ])
        #expect(self.details(#"{"id":"a","cmd":"x","readinessChecks":[{"portName":"web","timeoutSeconds":40}]}"#) == [
            "/readinessChecks(0)/portName": ["must reference a port definition name (default)"],
            "/readinessChecks(0)": ["timeoutSeconds must be less than intervalSeconds"],
        ])
    }

    @Test func unknownFieldsAndNullsAreTolerated() {
        var h = AppsHarness()
        let body = #"{"id":"a","cmd":"x","tty":true,"someFutureField":{"x":1},"cpus":null,"tasksRunning":3}"#
        guard case .created(let app, _) = h.perform(.createApp(json(body), force: false)) else {
            Issue.record("create refused")
            return
        }
        #expect(app.cpus == 1)  // null -> default
    }

    @Test func existingAppConflicts() {
        var h = AppsHarness()
        h.create(#"{"id":"a","cmd":"x"}"#)
        #expect(h.perform(.createApp(json(#"{"id":"/a","cmd":"y"}"#), force: false)) == .failed(.conflict("An app with id [/a] already exists.")))
    }
}

@Suite struct UpdateTests {
    @Test func partialUpdateMergesIntoTheCurrentDefinition() throws {
        var h = AppsHarness()
        h.create(#"{"id":"a","cmd":"x","cpus":0.5,"labels":{"k":"v"},"instances":2}"#)
        h.perform(.deleteDeployment(id: h.core.deploymentList[0].id, force: true))
        _ = h.update("/a", #"{"instances":3}"#)
        let app = try #require(h.core.apps[PathID("/a")])
        #expect(app.cmd == "x" && app.cpus == 0.5 && app.labels == ["k": "v"] && app.instances == 3)
        // scale only: lastConfigChangeAt stays, lastScalingAt moves
        #expect(app.versionInfo.lastConfigChangeAt < app.versionInfo.lastScalingAt)
        #expect(app.version == app.versionInfo.lastScalingAt)
    }

    @Test func fullReplaceResetsOmittedFields() throws {
        var h = AppsHarness()
        h.create(#"{"id":"a","cmd":"x","cpus":0.5}"#)
        _ = h.perform(.updateApp(id: "/a", json(#"{"cmd":"y"}"#), partial: false, force: true, createIfMissing: true))
        let app = try #require(h.core.apps[PathID("/a")])
        #expect(app.cmd == "y" && app.cpus == 1)
        #expect(app.versionInfo.lastConfigChangeAt == app.version)
    }

    @Test func versionOnlyBodyRollsBack() throws {
        var h = AppsHarness()
        h.create(#"{"id":"a","cmd":"v1"}"#)
        let v1 = try #require(h.core.apps[PathID("/a")]).version
        _ = h.update("/a", #"{"cmd":"v2"}"#, force: true)
        #expect(h.core.apps[PathID("/a")]?.cmd == "v2")
        _ = h.update("/a", #"{"version":"\#(v1.iso8601)"}"#, force: true)
        let app = try #require(h.core.apps[PathID("/a")])
        #expect(app.cmd == "v1")
        #expect(app.version > v1)
        #expect(h.core.versions[PathID("/a")]?.map(\.cmd) == ["v1", "v2", "v1"])
        #expect(h.update("/a", #"{"version":"2001-01-01T00:00:00.000Z"}"#, force: true) == .failed(.notFound("App '/a' does not exist in version 2001-01-01T00:00:00.000Z")))
        guard case .failed(.invalid(let failure)) = h.update("/a", #"{"version":"\#(v1.iso8601)","cmd":"z"}"#, force: true) else {
            Issue.record("version with other fields accepted")
            return
        }
        #expect(failure.details == [ValidationDetail(path: "/", errors: ["The 'version' field may only be combined with the 'id' field."])])
    }

    @Test func putCreatesMissingAppsButPatchDoesNot() {
        var h = AppsHarness()
        #expect(h.perform(.updateApp(id: "/b", json(#"{"cmd":"x"}"#), partial: true, force: false, createIfMissing: false)) == .failed(.notFound("App '/b' does not exist")))
        guard case .created(let app, _) = h.update("//b/", #"{"cmd":"x"}"#) else {
            Issue.record("PUT did not create")
            return
        }
        #expect(app.id.description == "/b")
    }

    @Test func appJSONRoundTripsThroughDecoding() throws {
        var h = AppsHarness()
        let body = #"{"id":"/g/a","cmd":"x","constraints":[["rack","GROUP_BY","2"]],"healthChecks":[{"protocol":"MESOS_HTTP","path":"/h"}],"unreachableStrategy":"disabled","killSelection":"OLDEST_FIRST","fetch":[{"uri":"http://x/y.tgz"}]}"#
        guard case .created(let app, _) = h.perform(.createApp(json(body), force: false)) else {
            Issue.record("create refused")
            return
        }
        guard case .created(let copy, _) = h.perform(.createApp(json(app.marathonJSON().serialized().split(separator: "/g/a", omittingEmptySubsequences: false).joined(separator: "/g/b")), force: false)) else {
            Issue.record("round trip refused")
            return
        }
        #expect(copy.constraints == app.constraints && copy.marathonJSON()["healthChecks"] == app.marathonJSON()["healthChecks"] && copy.unreachableStrategy == .disabled)
        #expect(copy.killSelection == .oldestFirst && copy.fetch == app.fetch)
        #expect(app.marathonJSON()["deadlineSeconds"] == nil)
    }
}
