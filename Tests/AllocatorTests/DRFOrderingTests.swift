import AgoraModel
import Allocator
import Testing

/// Orderings with the expected dominant shares written out, in the style of Mesos's
/// sorter_tests.cpp. Totals are cpus:100;mem:100 unless a test says otherwise.
@Suite struct DRFOrderingTests {
    /// Allocator with one 100/100 agent and frameworks a, b in role `*`, each already using
    /// what `used` says on another agent of 0 size (so totals stay 100/100).
    func allocator(used: [FrameworkID: String], roles: [FrameworkID: String] = [:]) -> Allocator {
        var allocator = Allocator.testing()
        for id in used.keys.sorted() {
            allocator.addFramework(id, roles: [roles[id] ?? "*"])
        }
        var tagged: [FrameworkID: Resources] = [:]
        for (id, text) in used { tagged[id] = r(text).allocated(to: roles[id] ?? "*") }
        allocator.addAgent("s1", total: r("cpus:100;mem:100"), used: tagged)
        return allocator
    }

    @Test func lowerDominantShareComesFirst() {
        var allocator = self.allocator(used: ["a": "cpus:5", "b": "mem:6"])
        // shares: a = .05 (cpus), b = .06 (mem)
        #expect(allocator.sortedFrameworks(in: "*") == ["a", "b"])
        #expect(allocator.share(of: "a", in: "*") == 0.05)
        #expect(allocator.share(of: "b", in: "*") == 0.06)
    }

    @Test func dominantShareIsTheMaximumOverResources() {
        var allocator = self.allocator(used: ["a": "cpus:10;mem:2", "b": "cpus:3;mem:9"])
        // shares: a = max(.10, .02) = .10, b = max(.03, .09) = .09
        #expect(allocator.sortedFrameworks(in: "*") == ["b", "a"])
    }

    @Test func tiesBreakOnAllocationCountThenName() {
        var allocator = self.allocator(used: ["b": "cpus:5", "a": "mem:5"])
        // shares: a = .05, b = .05; one allocation each -> name order
        #expect(allocator.sortedFrameworks(in: "*") == ["a", "b"])
        allocator.addAgent("s2", total: r("cpus:0;mem:0"))
        // Offer a nothing more but record a second allocation for it via a tiny agent.
        allocator.addAgent("s3", total: r("cpus:0.001"), used: ["a": r("cpus:0.001").allocated(to: "*")])
        allocator.recoverResources(r("cpus:0.001").allocated(to: "*"), of: "a", on: "s3", now: at(0))
        // shares: a = .05, b = .05 (0.001 cpu added then returned); a has 2 allocations -> b first
        #expect(allocator.sortedFrameworks(in: "*") == ["b", "a"])
    }

    @Test func roleWeightsDivideShares() {
        var allocator = self.allocator(
            used: ["a": "cpus:10", "b": "cpus:8"], roles: ["a": "analytics", "b": "web"])
        // shares: analytics = .10, web = .08
        #expect(allocator.sortedRoles() == ["web", "analytics"])
        allocator.setWeight(2, for: "analytics")
        // weighted shares: analytics = .10 / 2 = .05, web = .08
        #expect(allocator.sortedRoles() == ["analytics", "web"])
        #expect(allocator.share(ofRole: "analytics") == 0.05)
    }

    @Test func hierarchicalRolesShareTheirSubtree() {
        var allocator = self.allocator(
            used: ["x": "cpus:4", "y": "cpus:4", "z": "cpus:7"],
            roles: ["x": "eng/web", "y": "eng/db", "z": "ops"])
        // subtree shares: eng = .04 + .04 = .08, ops = .07 -> ops's leaf comes first;
        // inside eng: db = .04, web = .04, tie on count, then name.
        #expect(allocator.sortedRoles() == ["ops", "eng/db", "eng/web"])
        allocator.setWeight(2, for: "eng")
        // eng = .08 / 2 = .04 < ops = .07
        #expect(allocator.sortedRoles() == ["eng/db", "eng/web", "ops"])
    }

    @Test func aRoleCanBothHaveFrameworksAndChildren() {
        var allocator = self.allocator(
            used: ["p": "cpus:1", "c": "cpus:2", "o": "cpus:5"], roles: ["p": "eng", "c": "eng/web", "o": "ops"])
        // eng subtree = .01 + .02 = .03 < ops = .05; inside eng: eng's own (.01) before eng/web (.02)
        #expect(allocator.sortedRoles() == ["eng", "eng/web", "ops"])
        allocator.removeFramework("c")
        #expect(allocator.sortedRoles() == ["eng", "ops"])
    }
}
