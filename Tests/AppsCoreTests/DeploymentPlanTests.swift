import AppsCore
import Testing

@Suite struct DeploymentPlanTests {
    func app(_ id: String, instances: Int = 1, cmd: String = "run", dependencies: [String] = []) -> AppDefinition {
        var app = AppDefinition(id: PathID(id))
        app.cmd = cmd
        app.instances = instances
        app.dependencies = dependencies.map { PathID($0) }
        return app
    }

    func plan(_ original: [AppDefinition], _ target: [AppDefinition]) -> [[String]] {
        let steps = DeploymentPlanner.steps(
            original: Dictionary(uniqueKeysWithValues: original.map { ($0.id, $0) }),
            target: Dictionary(uniqueKeysWithValues: target.map { ($0.id, $0) }))
        return steps.map { $0.actions.map { "\($0.kind.rawValue) \($0.appID)" } }
    }

    @Test func planTable() {
        let a = self.app("/a")
        // create: start with 0 instances, then scale up
        #expect(self.plan([], [a]) == [["StartApplication /a"], ["ScaleApplication /a"]])
        // scale only
        #expect(self.plan([a], [self.app("/a", instances: 3)]) == [["ScaleApplication /a"]])
        // config change
        #expect(self.plan([a], [self.app("/a", cmd: "other")]) == [["RestartApplication /a"]])
        // config change with scale is still a restart
        #expect(self.plan([a], [self.app("/a", instances: 5, cmd: "other")]) == [["RestartApplication /a"]])
        // delete
        #expect(self.plan([a], []) == [["StopApplication /a"]])
        // no change: empty plan
        #expect(self.plan([a], [a]) == [])
        // restart request: same config, new lastConfigChangeAt
        var restarted = a
        restarted.versionInfo.lastConfigChangeAt = Timestamp(milliseconds: 5)
        #expect(self.plan([a], [restarted]) == [["RestartApplication /a"]])
    }

    @Test func dependenciesOrderTheSteps() {
        let db = self.app("/db")
        let api = self.app("/api", dependencies: ["/db"])
        let web = self.app("/web", dependencies: ["/api"])
        let old = self.app("/old")
        // stops first, then starts, then by longest dependency path: db (0), api (1), web (2)
        #expect(self.plan([old], [web, api, db]) == [
            ["StopApplication /old"],
            ["StartApplication /api", "StartApplication /db", "StartApplication /web"],
            ["ScaleApplication /db"], ["ScaleApplication /api"], ["ScaleApplication /web"],
        ])
    }

    @Test func groupDependenciesCoverEveryAppUnderTheGroup() {
        let a = self.app("/data/a")
        let b = self.app("/data/b")
        let front = self.app("/front", dependencies: ["/data"])
        #expect(self.plan([a, b, front], [self.app("/data/a", cmd: "x"), b, self.app("/front", cmd: "y", dependencies: ["/data"])]) == [
            ["RestartApplication /data/a"], ["RestartApplication /front"],
        ])
    }
}

@Suite struct DeploymentLockTests {
    @Test func lockedAppRefusesChangesWithTheBlockingDeployment() throws {
        var h = AppsHarness()
        let created = h.create(#"{"id":"web","cmd":"x"}"#)
        let first = try #require(created)
        let result = h.update("/web", #"{"instances":3}"#)
        #expect(result == .failed(.locked(deploymentIDs: [first.id])))
        if case .failed(let error) = result {
            #expect(error.statusCode == 409)
            #expect(error.json["deployments"] == json(#"[{"id":"\#(first.id)"}]"#))
        }
    }

    @Test func forceCancelsTheBlockingDeployment() throws {
        var h = AppsHarness()
        let created = h.create(#"{"id":"web","cmd":"x"}"#)
        let first = try #require(created)
        guard case .deployment(let second) = h.update("/web", #"{"instances":3}"#, force: true) else {
            Issue.record("forced update refused")
            return
        }
        #expect(h.core.deployments.keys.sorted() == [second.id])
        #expect(AppsHarness.events(h.directives).contains("deployment_failed"))
        #expect(h.queued("/web") == 3)
        _ = first
    }

    @Test func deletingADeploymentRollsBackUnlessForced() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"v1"}"#)
        h.runAll(h.offer())
        guard case .deployment(let change) = h.update("/web", #"{"cmd":"v2","instances":2}"#) else {
            Issue.record("update refused")
            return
        }
        // rollback: new deployment back to cmd v1, 1 instance
        guard case .deployment(let rollback) = h.perform(.deleteDeployment(id: change.id, force: false)) else {
            Issue.record("rollback refused")
            return
        }
        #expect(h.core.deployments[change.id] == nil)
        #expect(h.core.deployments[rollback.id] != nil)
        let app = try #require(h.core.apps[PathID("/web")])
        #expect(app.cmd == "v1" && app.instances == 1)
        #expect(h.perform(.deleteDeployment(id: rollback.id, force: true)) == .accepted)
        #expect(h.core.deployments.isEmpty)
        #expect(h.perform(.deleteDeployment(id: "nope", force: true)) == .failed(.notFound("DeploymentPlan nope does not exist")))
    }

    @Test func deadlineFailsAndRollsBack() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"v1"}"#)
        h.runAll(h.offer())
        // v2 never gets offers: the deadline (60 s) fails it and rolls back
        _ = h.update("/web", #"{"cmd":"v2","deadlineSeconds":60,"rollbackOnDeadline":true}"#)
        #expect(h.core.deploymentList.first?.deadline == h.now.adding(seconds: 60))
        #expect(h.advance(59).contains { if case .emit(.deploymentFailed, _) = $0 { return true }; return false } == false)
        let output = h.advance(1)
        #expect(AppsHarness.events(output).contains("deployment_failed"))
        let failed = output.compactMap { directive -> String? in
            if case .emit(.deploymentFailed(_, let reason), _) = directive { return reason }
            return nil
        }
        #expect(failed == ["deadline of 60 seconds exceeded"])
        #expect(h.core.apps[PathID("/web")]?.cmd == "v1")
        #expect(h.core.apps[PathID("/web")]?.deadlineSeconds == nil)
    }

    @Test func deploymentEventsCarryTheFullPlanShape() throws {
        var h = AppsHarness()
        h.create(#"{"id":"web","cmd":"x"}"#)
        let info = h.directives.compactMap { directive -> JSONValue? in
            if case .emit(let event, let at) = directive, event.eventType == "deployment_info" { return event.json(at: at) }
            return nil
        }.first
        let plan = try #require(info?["plan"])
        #expect(plan["original"]?["apps"] == .array([]))
        #expect(plan["target"]?["apps"].flatMap { if case .array(let apps) = $0 { return apps.count }; return nil } == 1)
        #expect(info?["currentStep"] == json(#"{"actions":[{"action":"StartApplication","app":"/web"}]}"#))
    }
}
