@testable import AgoraPosix
import Foundation
import Testing

/// Renaming a container's cgroups for reuse, against plain directories standing in for v1
/// hierarchies (the control files created empty beforehand, as the kernel would have them).
@Suite struct CgroupReuseTests {
    let root = NSTemporaryDirectory() + "agora-cgroup-reuse-\(UUID().uuidString.prefix(8))"
    var mounts: CgroupMounts { CgroupMounts(v1: [.cpu: self.root + "/cpu", .memory: self.root + "/memory", .pids: self.root + "/pids"]) }

    func cgroups(_ name: String) -> ContainerCgroups {
        ContainerCgroups(mounts: self.mounts, root: "agora/S1", name: name, controllers: [.cpu, .memory, .pids])
    }

    func createWithFiles(_ cgroups: ContainerCgroups) throws {
        try cgroups.create()
        let files = ["cpu.shares", "cpu.cfs_quota_us", "memory.limit_in_bytes", "memory.max_usage_in_bytes", "pids.max", "cgroup.procs"]
        for directory in cgroups.allDirectories {
            for file in files { FileManager.default.createFile(atPath: directory + "/" + file, contents: nil) }
        }
    }

    func read(_ cgroups: ContainerCgroups, _ controller: CgroupMounts.Controller, _ file: String) throws -> String {
        try String(contentsOfFile: try #require(cgroups.directories[controller]) + "/" + file, encoding: .utf8)
    }

    @Test func aRenameMovesEveryDirectory() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let container = self.cgroups("c1")
        try self.createWithFiles(container)
        let idle = self.cgroups("_idle-1")
        #expect(container.rename(to: idle))
        for directory in idle.allDirectories { #expect(FileManager.default.fileExists(atPath: directory)) }
        for directory in container.allDirectories { #expect(!FileManager.default.fileExists(atPath: directory)) }
    }

    @Test func aFailedRenameUndoesTheOnesDoneBefore() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let container = self.cgroups("c1")
        try self.createWithFiles(container)
        // The pids hierarchy already has a non-empty directory of the target's name: that rename
        // fails (renamed in the order cpu, memory, pids), after cpu's and memory's succeeded.
        let idle = self.cgroups("_idle-1")
        try FileManager.default.createDirectory(atPath: idle.directories[.pids]! + "/busy", withIntermediateDirectories: true)
        #expect(!container.rename(to: idle))
        for directory in container.allDirectories { #expect(FileManager.default.fileExists(atPath: directory), "\(directory) renamed back") }
        #expect(!FileManager.default.fileExists(atPath: idle.directories[.cpu]!))
        #expect(!FileManager.default.fileExists(atPath: idle.directories[.memory]!))
    }

    @Test func v2CgroupsAreNotRenamed() throws {
        let v2 = CgroupMounts(v2: self.root + "/unified", v2Controllers: ["cpu", "memory"])
        let container = ContainerCgroups(mounts: v2, root: "agora/S1", name: "c1", controllers: [.cpu, .memory])
        let idle = ContainerCgroups(mounts: v2, root: "agora/S1", name: "_idle-1", controllers: [.cpu, .memory])
        #expect(!container.isV1Only)
        #expect(!container.rename(to: idle))
    }

    @Test func emptinessComesFromCgroupProcs() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let container = self.cgroups("c1")
        try self.createWithFiles(container)
        #expect(container.isEmpty)
        try "123\n".write(toFile: container.allDirectories[0] + "/cgroup.procs", atomically: false, encoding: .utf8)
        #expect(!container.isEmpty)
        #expect(!self.cgroups("missing").isEmpty, "unreadable counts as not empty")
    }

    @Test func aReusedCgroupGetsItsUnsetLimitsAndItsPeakReset() throws {
        defer { try? FileManager.default.removeItem(atPath: self.root) }
        let container = self.cgroups("c1")
        try self.createWithFiles(container)
        try container.limit(CgroupLimits(cpus: 1, cpuQuota: false, memoryBytes: 64 << 20, pids: 100))
        try container.resetMemoryPeak()
        #expect(try self.read(container, .memory, "memory.max_usage_in_bytes") == "0")
        for file in ["cpu.shares", "cpu.cfs_quota_us", "memory.limit_in_bytes", "pids.max"] {
            for directory in container.allDirectories where FileManager.default.fileExists(atPath: directory + "/" + file) {
                FileManager.default.createFile(atPath: directory + "/" + file, contents: nil)
            }
        }
        var unset = CgroupLimits()
        unset.resetUnset = true
        try container.limit(unset)
        #expect(try self.read(container, .cpu, "cpu.shares") == "1024")
        #expect(try self.read(container, .cpu, "cpu.cfs_quota_us") == "-1")
        #expect(try self.read(container, .memory, "memory.limit_in_bytes") == "-1")
        #expect(try self.read(container, .pids, "pids.max") == "max")
    }
}
