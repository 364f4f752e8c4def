import AgoraModel
import MasterCore
import Testing

/// The core's side of the ACLs: it carries out what the shell decided (refused
/// subscriptions, unauthorized tasks) and filters state for a viewer.
struct AuthorizationInputTests {
    @Test func aRefusedSubscriptionGetsAnErrorAndNoFramework() {
        var master = MasterHarness()
        let connection = master.connection()
        let info = FrameworkDescriptor(name: "f", user: "u")
        let output = master.core.subscribe(
            SubscribeRequest(framework: info, connection: connection, streamID: "s", refusal: "Not authorized to subscribe with role '*'"),
            now: master.now)
        #expect(output == [.sendToFramework(connection, .error("Not authorized to subscribe with role '*'")), .closeFrameworkStream(connection)])
        #expect(master.core.frameworks.isEmpty)
    }

    @Test func unauthorizedTasksGetTaskErrorWhileTheOthersLaunch() {
        var master = MasterHarness()
        let (agent, agentConnection) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        let tasks = [MasterHarness.task("allowed", on: agent), MasterHarness.task("refused", on: agent)]
        let (result, output) = master.call(
            .accept(
                offerIDs: [offer.id], operations: [.launch(tasks)], refuseSeconds: 0,
                unauthorized: ["refused": "Not authorized to launch as user 'root'"]),
            from: id)
        #expect(result == .accepted)
        #expect(output.updates.map(\.taskID) == ["refused"])
        #expect(output.updates.first?.state == .error && output.updates.first?.reason == .taskUnauthorized)
        #expect(output.updates.first?.message == "Not authorized to launch as user 'root'")
        #expect(master.core.frameworks[id]?.tasks.keys.sorted() == ["allowed"])
        let sent = output.agentMessages(to: agentConnection).flatMap { message -> [TaskID] in
            if case .runTasks(_, _, let tasks, _) = message { return tasks.map(\.taskID) }
            return []
        }
        #expect(sent == ["allowed"])
    }

    @Test func oneRefusedTaskRefusesItsWholeGroup() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (id, _) = master.subscribe()
        let offer = master.allocate()[0]
        let executor = ExecutorSpec(executorID: "group", kind: .default, resources: r("cpus:0.1;mem:32"))
        let (_, output) = master.call(
            .accept(
                offerIDs: [offer.id],
                operations: [.launchGroup(executor: executor, tasks: [MasterHarness.task("a", on: agent), MasterHarness.task("b", on: agent)])],
                refuseSeconds: 0, unauthorized: ["b": "Not authorized to launch as user 'x'"]),
            from: id)
        #expect(Set(output.updates.map(\.taskID)) == ["a", "b"])
        #expect(output.updates.allSatisfy { $0.reason == .taskUnauthorized })
        #expect(master.core.frameworks[id]?.tasks.isEmpty == true)
    }

    @Test func aViewKeepsOnlyWhatTheViewerMaySee() {
        var master = MasterHarness()
        let (agent, _) = master.registerAgent()
        let (seen, _) = master.subscribe("seen")
        _ = master.launch([MasterHarness.task("s1", on: agent), MasterHarness.task("s2", on: agent)], from: seen, offer: master.allocate()[0], refuse: 1000)
        let (hidden, _) = master.subscribe("hidden")
        _ = master.launch([MasterHarness.task("h1", on: agent)], from: hidden, offer: master.allocate()[0], refuse: 0)
        _ = master.allocate()
        #expect(master.core.frameworks[seen]?.tasks.count == 2 && master.core.frameworks[hidden]?.tasks.count == 1)
        let view = master.core.viewed(
            framework: { $0.info.name == "seen" }, task: { task, _ in task.spec.taskID != "s2" }, executors: { _ in false })
        #expect(Array(view.frameworks.keys) == [seen])
        #expect(view.frameworks[seen]?.tasks.keys.sorted() == ["s1"])
        #expect(view.agents[agent]?.tasks[hidden] == nil, "the hidden framework's tasks are not listed on its agent")
        #expect(view.agents[agent]?.tasks[seen] == ["s1"])
        #expect(view.offers.values.allSatisfy { $0.offer.frameworkID == seen })
        // The state itself is untouched.
        #expect(master.core.frameworks.count == 2 && master.core.frameworks[seen]?.tasks.count == 2)
    }
}
