import AgoraModel
import MasterCore
import Testing

@Suite struct OfferCycleTests {
    @Test func anAgentIsOfferedToASubscribedFramework() throws {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent(hostname: "agent1")
        let (id, connection) = master.subscribe()
        let output = master.record(master.core.allocate(now: master.now))
        let events = output.events(to: connection)
        #expect(events.count == 1)
        guard case .offers(let offers) = events.first else { Issue.record("expected OFFERS"); return }
        #expect(offers.count == 1)
        #expect(offers[0].id == "M-O0")
        #expect(offers[0].frameworkID == id && offers[0].agentID == agent && offers[0].hostname == "agent1")
        #expect(offers[0].resources.unallocated == r("cpus:4;mem:1024;ports:[31000-31009]"))
        #expect(offers[0].role == "*")
    }

    @Test func launchingSendsTheTaskToTheAgentAndReturnsTheRest() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        let output = master.launch([MasterHarness.task("t1", on: agent, "cpus:1;mem:128;ports:[31000-31000]")], from: id, offer: offer, refuse: 0)
        let messages = output.agentMessages(to: agentConnection)
        guard case .runTasks(let framework, nil, let tasks, false) = messages.first else {
            Issue.record("expected RUN_TASKS, got \(messages)")
            return
        }
        #expect(framework.id == id)
        #expect(tasks.map(\.taskID) == ["t1"])
        #expect(tasks[0].resources.allocationRoles == ["*"])
        #expect(master.core.frameworks[id]?.tasks["t1"]?.state == .staging)
        // The rest is offered again at once (no refusal asked for).
        let again = master.allocate()
        #expect(again.count == 1)
        #expect(again[0].resources.unallocated == r("cpus:3;mem:896;ports:[31001-31009]"))
    }

    @Test func aTaskGroupGoesToTheAgentWholeWithItsExecutor() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        let executor = ExecutorSpec(executorID: "group", kind: .default, resources: r("cpus:0.1;mem:32"))
        let tasks = [MasterHarness.task("a", on: agent), MasterHarness.task("b", on: agent)]
        let (result, output) = master.call(
            .accept(offerIDs: [offer.id], operations: [.launchGroup(executor: executor, tasks: tasks)], refuseSeconds: 0), from: id)
        #expect(result == .accepted)
        guard case .runTasks(_, let sent?, let sentTasks, true) = output.agentMessages(to: agentConnection).first else {
            Issue.record("expected a RUN_TASKS with the group, got \(output)")
            return
        }
        #expect(sent.executorID == "group" && sentTasks.map(\.taskID) == ["a", "b"])
        // Tasks and executor are charged: 4 cpus − 2 − 0.1 is offered again.
        #expect(master.allocate().first?.resources.unallocated.scalar("cpus") == Scalar(1.9))
    }

    @Test func messagesAndShutdownsAreForwardedToTheAgent() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, _) = master.subscribe()
        let (messageResult, messageOutput) = master.call(.message(agentID: agent, executorID: "e", data: [1, 2]), from: id)
        let (shutdownResult, shutdownOutput) = master.call(.shutdown("e", agentID: agent), from: id)
        #expect(messageResult == .accepted && shutdownResult == .accepted)
        #expect(messageOutput.agentMessages(to: agentConnection) == [.message(id, "e", data: [1, 2])])
        #expect(shutdownOutput.agentMessages(to: agentConnection) == [.shutdownExecutor(id, "e")])
    }

    @Test func invalidTasksGetTaskErrorAndUseNothing() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        var both = MasterHarness.task("both", on: agent)
        both.executor = ExecutorSpec(executorID: "e", resources: r("cpus:0.1;mem:32"))
        let greedy = MasterHarness.task("greedy", on: agent, "cpus:5")
        let empty = TaskSpec(taskID: "empty", name: "empty", agentID: agent, resources: Resources())
        let slash = MasterHarness.task("a/b", on: agent)
        var limited = MasterHarness.task("limited", on: agent)
        limited.limits = ["disk": 5]
        let good = MasterHarness.task("good", on: agent)
        let duplicate = MasterHarness.task("good", on: agent)
        let output = master.launch([both, greedy, empty, slash, limited, good, duplicate], from: id, offer: offer, refuse: 0)
        let errors = output.updates.map { "\($0.taskID):\($0.state.name):\($0.message ?? "")" }
        #expect(errors.count == 6)
        #expect(errors[0] == "both:TASK_ERROR:Task should have at least one (but not both) of CommandInfo or ExecutorInfo present")
        #expect(errors[1].hasPrefix("greedy:TASK_ERROR:Task uses more resources cpus:5 than available"))
        #expect(errors[2] == "empty:TASK_ERROR:Task uses no resources")
        #expect(errors[3] == "a/b:TASK_ERROR:Task ID 'a/b' contains invalid characters")
        #expect(errors[4] == "limited:TASK_ERROR:Resource limits can only be set for 'cpus' and 'mem', not 'disk'")
        #expect(errors[5] == "good:TASK_ERROR:Task has duplicate ID: good")
        #expect(output.updates.allSatisfy { $0.reason == .taskInvalid && $0.source == .master && $0.uuid == nil })
        #expect(master.core.frameworks[id]?.tasks.keys.sorted() == ["good"])
    }

    @Test func usedOrForeignOffersDropTheLaunch() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe(capabilities: [.partitionAware])
        let (other, _) = master.subscribe("other")
        let offer = master.allocate()[0]
        let owner = offer.frameworkID
        let stranger = owner == id ? other : id
        let stolen = master.launch([MasterHarness.task("x", on: agent)], from: stranger, offer: offer)
        #expect(stolen.updates.first?.reason == .invalidOffers)
        #expect(stolen.updates.first?.message == "Offer \(offer.id) has invalid framework")
        master.launch([MasterHarness.task("t", on: agent)], from: owner, offer: offer)
        let reused = master.launch([MasterHarness.task("u", on: agent)], from: owner, offer: offer)
        let expected: TaskState = owner == id ? .dropped : .lost
        #expect(reused.updates.map(\.state) == [expected])
        #expect(reused.updates.first?.message == "Offer \(offer.id) is no longer valid")
    }

    @Test func declineFiltersTheAgentForTheRefusalTime() {
        var master = MasterHarness()
        _ = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        #expect(master.call(.decline(offerIDs: [offer.id], refuseSeconds: 10), from: id).0 == .accepted)
        #expect(master.allocate().isEmpty)
        _ = master.advance(9)
        #expect(master.core.offers[offer.id] == nil)
        _ = master.advance(1)
        #expect(master.core.offers.count == 1)
    }

    @Test func offersExpireWhenAnOfferTimeoutIsSet() {
        var master = MasterHarness { $0.offerTimeout = .seconds(5) }
        _ = master.registerAgent()
        let (_, connection) = master.subscribe()
        let offer = master.allocate()[0]
        #expect(master.advance(4.9).events(to: connection).contains(.rescind(offer.id)) == false)
        #expect(master.advance(0.1).events(to: connection).contains(.rescind(offer.id)))
        #expect(master.core.offers[offer.id] == nil)
    }

    @Test func suppressedFrameworksGetNoOffersUntilRevived() {
        var master = MasterHarness()
        _ = master.registerAgent()
        let (id, _) = master.subscribe()
        master.call(.suppress(roles: []), from: id)
        #expect(master.allocate().isEmpty)
        master.call(.revive(roles: []), from: id)
        #expect(master.allocate().count == 1)
    }

    @Test func theBatchAllocationRunsOnTick() {
        var master = MasterHarness()
        _ = master.registerAgent()
        let (_, connection) = master.subscribe()
        let output = master.advance(1)
        #expect(output.events(to: connection).contains { if case .offers = $0 { return true }; return false })
    }
}
