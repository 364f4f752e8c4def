@testable import Master
import AgoraModel
import AgoraSecurity
import MasterCore
import Testing

/// Operator event streams under the view ACLs: a subscriber gets the events of frameworks
/// and tasks it may view and no others; agent events reach everyone.
struct OperatorEventViewTests {
    static let authorization: MasterAuthorization = {
        var policy = AccessPolicy(credentials: Credentials(["guest": "g"]), realm: "mesos")
        policy.acls = try! ACLs.parse(#"""
            {"permissive": false,
             "view_frameworks": [{"principals": {"values": ["guest"]}, "users": {"values": ["alice"]}}],
             "view_tasks": [{"principals": {"values": ["guest"]}, "users": {"values": ["alice"]}}]}
            """#)
        return MasterAuthorization(policy: policy)
    }()

    /// A core with one framework per user.
    static func core() -> (MasterCore, alice: FrameworkID, bob: FrameworkID) {
        var core = MasterCore(masterID: "M", now: .zero)
        var ids: [FrameworkID] = []
        for (index, user) in ["alice", "bob"].enumerated() {
            let output = core.subscribe(
                SubscribeRequest(framework: FrameworkDescriptor(name: user, user: user), connection: ConnectionID(index), streamID: "s\(index)"),
                now: .zero)
            for case .sendToFramework(_, .subscribed(let id, _)) in output { ids.append(id) }
        }
        return (core, ids[0], ids[1])
    }

    @Test func eventsReachOnlyThoseWhoMayViewThem() throws {
        let (core, alice, bob) = Self.core()
        let auth = Self.authorization
        let aliceRecord = try #require(core.frameworks[alice])
        let bobRecord = try #require(core.frameworks[bob])
        #expect(auth.mayView(.frameworkAdded(aliceRecord), principal: "guest", in: core))
        #expect(!auth.mayView(.frameworkAdded(bobRecord), principal: "guest", in: core))
        #expect(!auth.mayView(.frameworkUpdated(bobRecord), principal: "guest", in: core))
        #expect(!auth.mayView(.frameworkRemoved(bobRecord.info), principal: "guest", in: core))
        #expect(!auth.mayView(.frameworkAdded(aliceRecord), principal: nil, in: core), "anonymous: no rule, permissive false")
        let update = TaskStatus(taskID: "t", state: .running, source: .executor)
        #expect(auth.mayView(.taskUpdated(alice, update, state: .running), principal: "guest", in: core))
        #expect(!auth.mayView(.taskUpdated(bob, update, state: .running), principal: "guest", in: core))
        #expect(auth.mayView(.agentRemoved("S1"), principal: nil, in: core))
    }
}
