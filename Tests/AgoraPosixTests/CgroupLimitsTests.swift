@testable import AgoraPosix
import Foundation
import Testing

/// What `ContainerCgroups.limit` writes, against plain directories standing in for the
/// hierarchies (the control files created empty beforehand, as the kernel would have them).
@Suite struct CgroupLimitsTests {
    let root = NSTemporaryDirectory() + "agora-cgroup-limits-\(UUID().uuidString.prefix(8))"

    func cgroups(v2: Bool) throws -> ContainerCgroups {
        let mounts = v2
            ? CgroupMounts(v2: self.root + "/unified", v2Controllers: ["cpu", "memory", "pids"])
            : CgroupMounts(v1: [.cpu: self.root + "/cpu", .cpuacct: self.root + "/cpuacct", .memory: self.root + "/memory", .pids: self.root + "/pids"])
        let cgroups = ContainerCgroups(mounts: mounts, root: "agora/S1", name: "c1", controllers: [.cpu, .cpuacct, .memory, .pids])
        try cgroups.create()
        let files = ["cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.weight", "cpu.max", "memory.limit_in_bytes", "memory.max", "pids.max"]
        for directory in cgroups.allDirectories {
            for file in files { FileManager.default.createFile(atPath: directory + "/" + file, contents: nil) }
        }
        return cgroups
    }

    func read(_ cgroups: ContainerCgroups, _ controller: CgroupMounts.Controller, _ file: String) throws -> String {
        try String(contentsOfFile: try #require(cgroups.directories[controller]) + "/" + file, encoding: .utf8)
    }

    @Test func v1GetsSharesAQuotaAMemoryLimitAndPidsMax() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let cgroups = try self.cgroups(v2: false)
        try cgroups.limit(CgroupLimits(cpus: 0.6, memoryBytes: 100_663_296, pids: 64))
        #expect(try self.read(cgroups, .cpu, "cpu.shares") == "614")
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_quota_us") == "60000")
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_period_us") == "", "the default period is left alone")
        #expect(try self.read(cgroups, .memory, "memory.limit_in_bytes") == "100663296")
        #expect(try self.read(cgroups, .pids, "pids.max") == "64")
    }

    @Test func aLongerPeriodScalesTheQuotaAndLiftingItWritesMinusOne() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let cgroups = try self.cgroups(v2: false)
        try cgroups.limit(CgroupLimits(cpus: 0.5, cpuPeriodMicroseconds: 1_000_000))
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_period_us") == "1000000")
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_quota_us") == "500000")
        // A control file takes each write whole; a plain file needs emptying first.
        FileManager.default.createFile(atPath: try #require(cgroups.directories[.cpu]) + "/cpu.cfs_quota_us", contents: nil)
        try cgroups.limit(CgroupLimits(cpus: 0.5, cpuQuota: false))
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_quota_us") == "", "a new cgroup has no quota: nothing is written")
        var lifting = CgroupLimits(cpus: 0.5, cpuQuota: false)
        lifting.liftQuota = true
        try cgroups.limit(lifting)
        #expect(try self.read(cgroups, .cpu, "cpu.cfs_quota_us") == "-1")
    }

    @Test func v2WritesWeightMaxAndMemoryMaxInOneDirectory() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let cgroups = try self.cgroups(v2: true)
        #expect(cgroups.allDirectories == [self.root + "/unified/agora/S1/c1"])
        try cgroups.limit(CgroupLimits(cpus: 1, memoryBytes: 33_554_432, pids: 10))
        #expect(try self.read(cgroups, .cpu, "cpu.weight") == "39")
        #expect(try self.read(cgroups, .cpu, "cpu.max") == "100000 100000")
        #expect(try self.read(cgroups, .memory, "memory.max") == "33554432")
        #expect(try self.read(cgroups, .pids, "pids.max") == "10")
    }
}
