import AgoraModel
import MasterCore
import Testing

/// Seeded whole-cluster runs: random launches, declines, kills, lost streams; the
/// invariants are checked after every step, and at the end every offer is accounted for
/// and every task the frameworks launched has ended in a state they heard about.
///
/// Serialized and yielding: the runs are CPU-bound, and hogging both of the test runner's
/// threads would starve the integration tests that run alongside with real deadlines.
@Suite(.serialized) struct SimulationTests {
    @Test(arguments: 1...12)
    func clusterInvariantsHold(seed: UInt64) async {
        var cluster = SimulatedCluster(seed: seed, agents: 3, frameworks: 3)
        await cluster.runYielding(milliseconds: 20_000)
        // Quiesce: no more faults or launches; reconnect everyone; let every task end.
        cluster.faults = false
        cluster.launching = false
        await cluster.runYielding(milliseconds: 15_000)
        let launched = cluster.frameworks.reduce(0) { $0 + $1.launched.count }
        #expect(launched > 20, "seed \(seed): the run should launch plenty of tasks, launched \(launched)")
        #expect(cluster.master.offers.isEmpty, "seed \(seed): offers left outstanding: \(cluster.master.offers.keys.sorted())")
        for framework in cluster.frameworks {
            for (taskID, _) in framework.launched {
                let state = framework.states[taskID]
                #expect(state?.isTerminal == true, "seed \(seed): framework \(framework.index) task \(taskID) ended \(state?.name ?? "unheard")")
            }
        }
        for (agentID, agent) in cluster.master.agents {
            #expect(agent.isConnected, "seed \(seed): agent \(agentID) did not come back")
        }
        cluster.expectExecutorsSettled(seed: seed)
    }

    /// Master failovers every few seconds on top of the usual faults: the new master
    /// recovers from the store, everyone comes back, and no task is lost or left running.
    @Test(arguments: 1...6)
    func invariantsHoldAcrossMasterFailovers(seed: UInt64) async {
        var cluster = SimulatedCluster(seed: seed &+ 1000, agents: 3, frameworks: 3)
        for _ in 0..<4 {
            await cluster.runYielding(milliseconds: 4_000)
            cluster.failOver()
        }
        cluster.faults = false
        cluster.launching = false
        await cluster.runYielding(milliseconds: 15_000)
        #expect(cluster.failovers >= 4)
        #expect(cluster.master.offers.isEmpty, "seed \(seed): offers left outstanding")
        for framework in cluster.frameworks {
            for (taskID, _) in framework.launched {
                let state = framework.states[taskID]
                #expect(state?.isTerminal == true, "seed \(seed): framework \(framework.index) task \(taskID) ended \(state?.name ?? "unheard")")
            }
        }
        for (agentID, agent) in cluster.master.agents {
            #expect(agent.isConnected, "seed \(seed): agent \(agentID) did not come back after the failovers")
        }
        cluster.expectExecutorsSettled(seed: seed)
    }

    @Test func theSameSeedReplaysTheSameRun() {
        var first = SimulatedCluster(seed: 99, agents: 2, frameworks: 2)
        var second = SimulatedCluster(seed: 99, agents: 2, frameworks: 2)
        first.run(milliseconds: 5_000)
        second.run(milliseconds: 5_000)
        #expect(first.frameworks.map(\.states) == second.frameworks.map(\.states))
        #expect(first.master.metrics == second.master.metrics)
    }
}

extension SimulatedCluster {
    /// Once everything has ended, the master holds no executor any more (every exit
    /// reached it, or a re-registration reconciled it away) and no agent has calls left
    /// for the master but heartbeats.
    func expectExecutorsSettled(seed: UInt64) {
        #expect(self.frameworks.reduce(0) { $0 + $1.customExecutorTasks } > 0, "seed \(seed): no task ran under a custom executor")
        for (frameworkID, framework) in self.master.frameworks {
            let left = framework.executors.flatMap { agent, executors in executors.keys.map { "\(agent)/\($0)" } }
            #expect(left.isEmpty, "seed \(seed): the master still holds executors of \(frameworkID): \(left.sorted())")
        }
        for (index, agent) in self.agents.enumerated() {
            let waiting = agent.core.pendingMasterCalls.filter { $0.message != .heartbeat }
            #expect(waiting.isEmpty, "seed \(seed): agent \(index) still has calls for the master: \(waiting)")
        }
    }

    /// `run` in slices of simulated time, yielding the thread between slices.
    mutating func runYielding(milliseconds: Int) async {
        var left = milliseconds
        while left > 0 {
            let slice = min(500, left)
            self.run(milliseconds: slice)
            left -= slice
            await Task.yield()
        }
    }
}
