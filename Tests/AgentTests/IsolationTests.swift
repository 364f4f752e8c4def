@testable import Agent
import AgoraModel
import AgoraPosix
import Foundation
import Testing

/// `--isolation`, the limits a container gets, and how its command line is wrapped.
@Suite struct IsolationSettingsTests {
    @Test func theFlagTakesMesossNamesOrNone() throws {
        let settings = try IsolationSettings.parse("cgroups/cpu, cgroups/mem,namespaces/pid")
        #expect(settings.isolators == [.cgroupsCPU, .cgroupsMemory, .namespacesPID])
        #expect(settings.cgroupControllers == [.cpu, .cpuacct, .memory])
        #expect(try IsolationSettings.parse("none").isolators.isEmpty)
        #expect(try IsolationSettings.parse("posix/cpu,posix/mem").cgroupControllers.isEmpty)
    }

    /// cpuacct costs a directory, an attach and a removal per container when it has a
    /// hierarchy of its own; CPU time then comes from /proc.
    @Test func containersGetACpuacctCgroupOnlyWhereItSharesCpusHierarchy() throws {
        let isolation = try IsolationSettings.parse("cgroups/cpu,cgroups/mem")
        let separate = CgroupMounts(v1: [.cpu: "/cg/cpu", .cpuacct: "/cg/cpuacct", .memory: "/cg/memory"])
        let together = CgroupMounts(v1: [.cpu: "/cg/cpu,cpuacct", .cpuacct: "/cg/cpu,cpuacct", .memory: "/cg/memory"])
        let unified = CgroupMounts(v2: "/cg", v2Controllers: ["cpu", "memory"])
        #expect(Containerizer(isolation: isolation, mounts: separate, root: "agora").containerControllers == [.cpu, .memory])
        #expect(Containerizer(isolation: isolation, mounts: together, root: "agora").containerControllers == [.cpu, .cpuacct, .memory])
        #expect(Containerizer(isolation: isolation, mounts: unified, root: "agora").containerControllers == [.cpu, .cpuacct, .memory])
        let cgroups = try #require(Containerizer(isolation: isolation, mounts: separate, root: "agora").cgroups("c1", agentID: "S1"))
        #expect(cgroups.allDirectories == ["/cg/cpu/agora/S1/c1", "/cg/memory/agora/S1/c1"])
    }

    /// The containers' CPU parents weigh as much as the CPUs they stand for: the host's for
    /// `<root>`, the agent's for `<root>/<agent ID>`.
    @Test func theContainersCPUParentsWeighTheirCPUs() throws {
        let mount = NSTemporaryDirectory() + "cgroup-parents-\(UUID().uuidString.prefix(8))/cpu"
        defer { try? FileManager.default.removeItem(atPath: mount) }
        for directory in [mount + "/agora", mount + "/agora/S1"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in ["cpu.shares", "cpu.cfs_quota_us"] { FileManager.default.createFile(atPath: directory + "/" + file, contents: nil) }
        }
        let containerizer = Containerizer(
            isolation: try IsolationSettings.parse("cgroups/cpu"), mounts: CgroupMounts(v1: [.cpu: mount]), root: "agora")
        try containerizer.prepareCPUParents(agentID: "S1", agentCPUs: 64, hostCPUs: 2)
        #expect(try String(contentsOfFile: mount + "/agora/cpu.shares", encoding: .utf8) == "2048", "the host's 2 CPUs")
        #expect(try String(contentsOfFile: mount + "/agora/S1/cpu.shares", encoding: .utf8) == "65536", "the agent's 64 CPUs")
        let memoryOnly = Containerizer(
            isolation: try IsolationSettings.parse("cgroups/mem"), mounts: CgroupMounts(v1: [.cpu: mount]), root: "agora")
        #expect(memoryOnly.cpuParents(agentID: "S1", agentCPUs: 64, hostCPUs: 2).isEmpty, "no CPU isolation, no weights")
    }

    @Test func anUnknownIsolatorIsRefusedByName() {
        #expect {
            try IsolationSettings.parse("cgroups/cpu,filesystem/linux")
        } throws: { error in
            "\(error)".contains("unknown isolator 'filesystem/linux'") && "\(error)".contains("cgroups/mem")
        }
    }

    @Test func theDefaultFallsBackToPosixWhenNoControllerIsMounted() {
        let (settings, why) = IsolationSettings.automatic(mounts: CgroupMounts(), root: "agora")
        #expect(settings.isolators == [.posixCPU, .posixMemory])
        #expect(why?.contains("memory (not mounted)") == true, "\(why ?? "no reason")")
    }

    @Test func limitsAddTheCommandExecutorsShare() throws {
        let containerizer = Containerizer(isolation: try .parse("cgroups/cpu,cgroups/mem"), mounts: CgroupMounts(), root: "agora")
        let resources = try Resources.parse("cpus:0.5;mem:64")
        let limits = containerizer.limits(for: resources, isCommandExecutor: true)
        #expect(limits.cpus == 0.6)
        #expect(limits.memoryBytes == Int64(96 * 1_048_576))
        #expect(limits.pids == nil)
        #expect(containerizer.limits(for: resources, isCommandExecutor: false).memoryBytes == Int64(64 * 1_048_576))
        let tiny = containerizer.limits(for: try Resources.parse("cpus:0.01;mem:1"), isCommandExecutor: false)
        #expect(tiny.memoryBytes == Int64(32 * 1_048_576), "no container gets less than 32 MB")
    }

    @Test func onlyTheChosenIsolatorsLimit() throws {
        let containerizer = Containerizer(isolation: try .parse("cgroups/mem"), mounts: CgroupMounts(), root: "agora")
        let limits = containerizer.limits(for: try Resources.parse("cpus:1;mem:128"), isCommandExecutor: false)
        #expect(limits.cpus == nil)
        #expect(limits.memoryBytes == Int64(128 * 1_048_576))
    }
}

@Suite struct ContainerWrappingTests {
    let request = SpawnRequest(executable: "/opt/agora", arguments: ["agora", "executor"], environment: [:])

    @Test func nothingToWrapLeavesTheRequestAlone() {
        let wrapped = ContainerWrapping.wrap(self.request, pidNamespace: false, user: nil)
        #expect(wrapped.executable == "/opt/agora")
        #expect(wrapped.arguments == ["agora", "executor"])
    }

    @Test func aPIDNamespaceThenTheUser() {
        let user = ContainerUser(name: "nobody", uid: 65534, gid: 65533)
        let wrapped = ContainerWrapping.wrap(self.request, pidNamespace: true, user: user)
        #expect(wrapped.executable == "/usr/bin/unshare")
        #expect(wrapped.arguments == [
            "/usr/bin/unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--",
            "/usr/bin/setpriv", "--reuid=65534", "--regid=65533", "--init-groups", "--", "/opt/agora", "executor",
        ])
    }

    @Test func theCommandsUserWinsOverTheFrameworksOnlyForRoot() {
        #expect(ContainerWrapping.user(commandUser: "alice", frameworkUser: "bob", switchUser: true, agentUID: 0) == "alice")
        #expect(ContainerWrapping.user(commandUser: nil, frameworkUser: "bob", switchUser: true, agentUID: 0) == "bob")
        #expect(ContainerWrapping.user(commandUser: "", frameworkUser: "bob", switchUser: true, agentUID: 0) == "bob")
        #expect(ContainerWrapping.user(commandUser: "alice", frameworkUser: "bob", switchUser: false, agentUID: 0) == nil)
        #expect(ContainerWrapping.user(commandUser: "alice", frameworkUser: "bob", switchUser: true, agentUID: 1000) == nil)
        #expect(ContainerWrapping.user(commandUser: nil, frameworkUser: "root", switchUser: true, agentUID: 0) == nil)
    }

    @Test func anUnknownUserIsNamed() {
        #expect {
            try ContainerUser.lookUp("no-such-user-agora")
        } throws: { error in
            "\(error)".contains("user 'no-such-user-agora'")
        }
    }
}
