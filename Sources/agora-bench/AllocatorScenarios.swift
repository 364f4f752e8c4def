import AgoraModel
import Allocator

/// Mesos `DeclineOffers`: everyone in role `*`, every offer declined for a year.
struct DeclineScenario {
    var agents: Int
    var frameworks: Int
    var seed: UInt64

    func build() throws -> BenchmarkSetup {
        var configuration = AllocatorConfiguration()
        configuration.seed = self.seed
        var allocator = Allocator(configuration: configuration)
        let clock = ContinuousClock()
        let frameworkIDs = (0..<self.frameworks).map { FrameworkID("framework-\($0)") }
        let agentTotal = try Resources.parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]")
        let used = try Self.usedResources()
        let elapsed = clock.measure {
            for id in frameworkIDs { allocator.addFramework(id, roles: ["*"]) }
            for index in 0..<self.agents {
                allocator.addAgent(AgentID("agent-\(index)"), total: agentTotal,
                                   used: [frameworkIDs[index % frameworkIDs.count]: used])
            }
        }
        return BenchmarkSetup(
            allocator: allocator, frameworkCount: self.frameworks, setupMilliseconds: elapsed.milliseconds,
            description: "\(self.agents) agents, \(self.frameworks) frameworks in role *, DeclineOffers",
            returnOffers: { grants, allocator, now in
                for grant in grants {
                    allocator.recoverResources(grant.resources, of: grant.frameworkID, on: grant.agentID,
                                               refuseSeconds: Double(Int32.max), now: now)
                }
            })
    }

    /// `cpus:16;mem:2014;disk:1024` plus `[31000-32000]` cut into 16 fragments, in role `*`.
    static func usedResources() throws -> Resources {
        var used = try Resources.parse("cpus:16;mem:2014;disk:1024")
        let fragments = (0..<16).map { index -> ClosedRange<UInt64> in
            let begin = UInt64(31000 + index * 63)
            return begin...(begin + 30)
        }
        used.add(.ranges("ports", fragments))
        return used.allocated(to: "*")
    }
}

/// Mesos `LargeAndSmallQuota`: one framework per role; 5/6 small roles, 1/6 large ones.
struct QuotaScenario {
    var agents: Int
    var seed: UInt64

    func build() throws -> BenchmarkSetup {
        var configuration = AllocatorConfiguration()
        configuration.seed = self.seed
        var allocator = Allocator(configuration: configuration)
        let largeCount = self.agents / 6
        let smallCount = self.agents - largeCount
        let small = try Resources.parse("cpus:1;mem:1024;disk:1024").quantities
        let large = try Resources.parse("cpus:4;mem:4096;disk:4096").quantities
        let agentTotal = try Resources.parse("cpus:2;mem:2048;disk:2048")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for index in 0..<smallCount { Self.addRole("smallQuotaRole\(index)", quota: small, to: &allocator) }
            for index in 0..<largeCount { Self.addRole("largeQuotaRole\(index)", quota: large, to: &allocator) }
            for index in 0..<self.agents { allocator.addAgent(AgentID("agent-\(index)"), total: agentTotal) }
        }
        return BenchmarkSetup(
            allocator: allocator, frameworkCount: self.agents, setupMilliseconds: elapsed.milliseconds,
            description: "\(self.agents) agents, \(smallCount) small + \(largeCount) large quota roles, one framework each",
            returnOffers: { grants, allocator, now in
                for grant in grants {
                    allocator.recoverResources(grant.resources, of: grant.frameworkID, on: grant.agentID, now: now)
                }
            })
    }

    private static func addRole(_ role: String, quota: ResourceQuantities, to allocator: inout Allocator) {
        allocator.setQuota(Quota(guarantees: quota, limits: quota), for: role)
        allocator.addFramework(FrameworkID("framework-\(role)"), roles: [role])
    }
}

/// Collects round timings and renders the final JSON line.
struct BenchmarkReport {
    private var milliseconds: [Double] = []
    private var offers = 0

    mutating func record(_ elapsed: Duration, offers: Int) {
        self.milliseconds.append(elapsed.milliseconds)
        self.offers += offers
    }

    var p50: Double {
        let sorted = self.milliseconds.sorted()
        return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
    }

    func json(agents: Int, frameworks: Int, rounds: Int, extra: [String: String]) -> String {
        let sorted = self.milliseconds.sorted()
        let p50 = self.p50
        var fields = [
            "\"agents\":\(agents)", "\"frameworks\":\(frameworks)", "\"rounds\":\(rounds)",
            "\"p50_ms\":\(format3(p50))", "\"min_ms\":\(format3(sorted.first!))", "\"max_ms\":\(format3(sorted.last!))",
            "\"offers\":\(self.offers)",
        ]
        fields += extra.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
