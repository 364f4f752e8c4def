@testable import AgoraPosix
import Testing

/// Reading what the kernel says about cgroups: mountinfo, control files, /proc/<pid>/stat.
@Suite struct CgroupParsingTests {
    static let hybrid = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """

    @Test func aHybridHostUsesItsV1HierarchiesAndKnowsTheEmptyV2One() {
        let mounts = CgroupMounts.parse(mountinfo: Self.hybrid) { _ in "" }
        #expect(mounts.hierarchy(for: .cpu) == .v1("/sys/fs/cgroup/cpu"))
        #expect(mounts.hierarchy(for: .cpuacct) == .v1("/sys/fs/cgroup/cpuacct"))
        #expect(mounts.hierarchy(for: .memory) == .v1("/sys/fs/cgroup/memory"))
        #expect(mounts.hierarchy(for: .pids) == .v1("/sys/fs/cgroup/pids"))
        #expect(mounts.v2 == "/sys/fs/cgroup/unified")
    }

    @Test func aV2HostServesWhatItsRootOffers() {
        let info = "25 21 0:22 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"
        let mounts = CgroupMounts.parse(mountinfo: info) { path in
            path == "/sys/fs/cgroup/cgroup.controllers" ? "cpuset cpu io memory pids\n" : nil
        }
        #expect(mounts.hierarchy(for: .memory) == .v2("/sys/fs/cgroup"))
        #expect(mounts.hierarchy(for: .cpuacct) == .v2("/sys/fs/cgroup"), "v2's cpu controller accounts")
        #expect(mounts.hierarchy(for: .pids) == .v2("/sys/fs/cgroup"))
    }

    @Test func aControllerNobodyMountsHasNoHierarchy() {
        let info = "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"
        let mounts = CgroupMounts.parse(mountinfo: info) { _ in "cpu io\n" }
        #expect(mounts.hierarchy(for: .memory) == nil)
        #expect(mounts.hierarchy(for: .cpu) == .v2("/sys/fs/cgroup/unified"))
    }

    @Test func containerDirectoriesSitUnderTheRootInEachHierarchy() {
        let mounts = CgroupMounts.parse(mountinfo: Self.hybrid) { _ in "" }
        let cgroups = ContainerCgroups(mounts: mounts, root: "agora/S1", name: "c1", controllers: [.cpu, .memory])
        #expect(cgroups.allDirectories == ["/sys/fs/cgroup/cpu/agora/S1/c1", "/sys/fs/cgroup/memory/agora/S1/c1"])
        #expect(cgroups.isV2[.memory] == false)
    }

    @Test func v2CPUWeightFollowsV1Shares() {
        #expect(ContainerCgroups.weight(cpus: 1) == 39, "1024 shares: systemd's conversion")
        #expect(ContainerCgroups.weight(cpus: 0.001) == 1)
        #expect(ContainerCgroups.weight(cpus: 1000) == 10_000)
    }

    @Test func procStatFieldsCountFromTheLastParenthesis() throws {
        let line = "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0 12345 10000000 512 18446744073709551615"
        let sample = try #require(ProcessUsage.parse(stat: line))
        #expect(sample.utime == 250)
        #expect(sample.stime == 75)
        #expect(sample.threads == 3)
        #expect(sample.rssPages == 512)
        #expect(ProcessUsage.parse(stat: "4242 (cut") == nil)
    }
}
