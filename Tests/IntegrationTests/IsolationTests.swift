import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Containers in cgroups of their own, against real agents: limits from the task's
/// resources, the OOM killer's work reported as Mesos does, cgroups gone with the task.
@Suite(.serialized) struct IsolationTests {
    static let cgroups = ["--isolation", "cgroups/cpu,cgroups/mem,cgroups/pids"]

    @Test func aTaskOverItsMemoryLimitFailsWithTheMemoryReason() async throws {
        let mounts = try CgroupsProbe.requireUsable()
        try await withCluster("oom", agentFlags: Self.cgroups) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            // tail keeps the whole newline-free stream: 400 MB against a 32+32 MB limit.
            try await framework.launch([(id: "hog", command: "head -c 400000000 /dev/zero | tail")], cpus: 0.1, mem: 32)
            try await framework.waitFor(.taskFailed, of: "hog", within: 60)
            let status = try #require(await framework.log.latest("hog"))
            #expect(status.reason == .containerLimitationMemory, "reason \(status.reason), message \(status.message)")
            #expect(status.message.contains("Memory limit exceeded"), "message: \(status.message)")
            let agentDirectory = try #require(mounts.hierarchy(for: .memory)).mountPoint + "/agora/" + status.agentID.value
            try await eventually("the container's memory cgroup to be removed") {
                try CgroupsProbe.subdirectories(of: agentDirectory).isEmpty
            }
            await framework.stop()
        }
    }

    @Test func limitsFromTheTasksResourcesAreWrittenAndTheCgroupsRemovedAfterIt() async throws {
        let mounts = try CgroupsProbe.requireUsable()
        try await withCluster("limits", agentFlags: Self.cgroups + ["--cgroups-max-pids", "64", "--cgroups-enable-cfs", "true"]) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "limited", command: "sleep 300")], cpus: 0.5, mem: 64)
            try await framework.waitFor(.taskRunning, of: "limited")
            let sleep = try await Self.process(in: cluster, "sleep 300")
            let memory = try CgroupsProbe.directory(of: sleep, .memory, in: mounts)
            let cpu = try CgroupsProbe.directory(of: sleep, .cpu, in: mounts)
            let pids = try CgroupsProbe.directory(of: sleep, .pids, in: mounts)
            // The command executor's own 0.1 CPU and 32 MB come on top of the task's.
            let expectedBytes = String(96 * 1_048_576)
            if try #require(mounts.hierarchy(for: .memory)).isV2 {
                #expect(try CgroupsProbe.read(memory + "/memory.max") == expectedBytes)
                #expect(try CgroupsProbe.read(cpu + "/cpu.max") == "60000 100000")
            } else {
                #expect(try CgroupsProbe.read(memory + "/memory.limit_in_bytes") == expectedBytes)
                #expect(try CgroupsProbe.read(cpu + "/cpu.shares") == "614")
                #expect(try CgroupsProbe.read(cpu + "/cpu.cfs_quota_us") == "60000")
                #expect(try CgroupsProbe.read(cpu + "/cpu.cfs_period_us") == "100000")
            }
            #expect(memory.contains("/agora/"), "the task runs in \(memory)")
            #expect(try CgroupsProbe.read(pids + "/pids.max") == "64")
            #expect(try String(contentsOfFile: pids + "/cgroup.procs", encoding: .utf8).split(separator: "\n").contains("\(sleep)"))
            try await framework.driver.kill("limited")
            try await framework.waitFor(.taskKilled, of: "limited")
            try await eventually("the container's cgroups to be removed") {
                [memory, cpu, pids].allSatisfy { !CgroupsProbe.exists($0) }
            }
            await framework.stop()
        }
    }

    @Test func aPIDNamespacePerContainer() async throws {
        _ = try CgroupsProbe.requireUsable()
        try await withCluster("pidns", agentFlags: ["--isolation", "cgroups/cpu,cgroups/mem,namespaces/pid"]) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "namespaced", command: "sleep 300")])
            try await framework.waitFor(.taskRunning, of: "namespaced")
            let sleep = try await Self.process(in: cluster, "sleep 300")
            let theirs = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(sleep)/ns/pid")
            let ours = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
            #expect(theirs != ours, "the task shares the agent's PID namespace \(ours)")
            let status = try String(contentsOfFile: "/proc/\(sleep)/status", encoding: .utf8)
            let nspid = status.split(separator: "\n").first { $0.hasPrefix("NSpid:") }.map { $0.split(separator: "\t").count } ?? 0
            #expect(nspid == 3, "NSpid shows one pid per namespace level:\n\(status)")
            try await framework.driver.kill("namespaced")
            try await framework.waitFor(.taskKilled, of: "namespaced")
            await framework.stop()
        }
    }

    @Test func theTasksUserIsHonouredWhenTheAgentIsRoot() async throws {
        try #require(getuid() == 0, "switching users needs the agent to run as root; run the tests as root")
        let nobody = try #require(getpwnam("nobody"), "the test runs a task as 'nobody', which this host lacks").pointee.pw_uid
        try await withCluster("switchuser", agentFlags: ["--isolation", "none"]) { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            let offer = try await framework.nextOffer()
            var budget = OfferResources(offer)
            let share = budget.take(cpus: 0.01, mem: 8)
            var task = Mesos.TaskInfo.command(id: TaskID("as-nobody"), command: "sleep 300", resources: try #require(share), on: offer)
            task.command.user = "nobody"
            try await framework.driver.launch([task], on: offer, refuse: .zero)
            try await framework.waitFor(.taskRunning, of: "as-nobody")
            let sleep = try await Self.process(in: cluster, "sleep 300")
            let status = try String(contentsOfFile: "/proc/\(sleep)/status", encoding: .utf8)
            let uid = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().first
            #expect(uid.map(String.init) == "\(nobody)", "the task runs as uid \(uid ?? "?")")
            await framework.stop()
        }
    }

    @Test func byDefaultTheAgentUsesCgroupsWhereItCanAndSaysWhyNotElsewhere() async throws {
        _ = try CgroupsProbe.requireUsable()
        try await withCluster("isolation-default") { cluster in
            #expect(cluster.agents[0].stderr.contains("isolators=cgroups/cpu,cgroups/mem,cgroups/pids"), "\(cluster.agents[0].stderr)")
            // A root under a control file cannot hold cgroups: the agent runs unlimited and says why.
            let fallback = try await cluster.addAgent(flags: ["--cgroups-root", "cgroup.procs/agora"])
            #expect(fallback.stderr.contains("cgroups are not usable here"), "\(fallback.stderr)")
            #expect(fallback.stderr.contains("isolators=posix/cpu,posix/mem"), "\(fallback.stderr)")
        }
    }

    /// The agent's descendant whose command line starts with `prefix`.
    static func process(in cluster: LocalCluster, _ prefix: String) async throws -> pid_t {
        try await eventuallyValue("a process '\(prefix)' under the agent") {
            cluster.agents[0].descendants.first { ExecutorCrashIntegrationTests.commandLine(of: $0).hasPrefix(prefix) }
        }
    }
}
