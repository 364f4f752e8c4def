import AgoraSDK
import AgoraTestKit
import Foundation

/// One term's driver over a shared `FakeMaster`: the apps server stops its driver when a
/// term ends and makes a new one for the next, while the fake master lives on. The first
/// term subscribes; later ones re-subscribe, as a real driver with a stored ID would.
final class TermDriver: SchedulerDriving {
    let master: FakeMaster
    private let fanOut = EventFanOut<SchedulerEvent>()
    private let pump: Task<Void, Never>
    private let isFirst: Bool

    init(master: FakeMaster, first: Bool) {
        self.master = master
        self.isFirst = first
        let events = master.events()
        let fanOut = self.fanOut
        self.pump = Task {
            for await event in events { fanOut.publish(event) }
            fanOut.finish()
        }
    }

    func events() -> AsyncStream<SchedulerEvent> { self.fanOut.subscribe() }
    var frameworkID: FrameworkID? { get async { await self.master.frameworkID } }
    func start() async {
        if self.isFirst { await self.master.start() } else { await self.master.failOver() }
    }
    func waitUntilSubscribed() async throws { try await self.master.waitUntilSubscribed() }
    func accept(_ offerIDs: [OfferID], operations: [Mesos.Operation], refuse: Duration) async throws {
        try await self.master.accept(offerIDs, operations: operations, refuse: refuse)
    }
    func decline(_ offerIDs: [OfferID], refuse: Duration) async throws { try await self.master.decline(offerIDs, refuse: refuse) }
    func revive(roles: [String]) async throws { try await self.master.revive(roles: roles) }
    func suppress(roles: [String]) async throws { try await self.master.suppress(roles: roles) }
    func kill(_ taskID: TaskID, agentID: AgentID?, gracePeriod: Duration?) async throws {
        try await self.master.kill(taskID, agentID: agentID, gracePeriod: gracePeriod)
    }
    func shutdown(_ executorID: ExecutorID, agentID: AgentID) async throws { try await self.master.shutdown(executorID, agentID: agentID) }
    func acknowledge(_ status: Mesos.TaskStatus) async throws { try await self.master.acknowledge(status) }
    func reconcile(_ tasks: [ReconcileTask]) async throws { try await self.master.reconcile(tasks) }
    func message(agentID: AgentID, executorID: ExecutorID, data: Data) async throws {
        try await self.master.message(agentID: agentID, executorID: executorID, data: data)
    }
    func updateFramework(_ framework: Mesos.FrameworkInfo, suppressedRoles: [String]) async throws {
        try await self.master.updateFramework(framework, suppressedRoles: suppressedRoles)
    }
    func teardown() async throws { try await self.master.teardown() }

    /// Ends this term's view of the master; the master itself goes on.
    func stop(teardown: Bool) async {
        self.pump.cancel()
        self.fanOut.finish()
    }
}
