@testable import Agent
import AgentCore
import AgoraModel
import AgoraPosix
import Foundation
import Testing

/// Emptied containers' cgroups are kept and renamed for the next container, on this host's
/// real v1 hierarchies; one the OOM killer acted in is removed instead.
@Suite(.serialized) struct CgroupPoolTests {
    let root = "agora-pool-test-\(UUID().uuidString.prefix(8))"
    let agentID: AgentID = "S1"

    var containerizer: Containerizer {
        get throws {
            Containerizer(isolation: try IsolationSettings.parse("cgroups/cpu,cgroups/mem,cgroups/pids"), mounts: CgroupMounts.detect(), root: self.root)
        }
    }

    /// Starts `command` in container `name` and waits for it to exit. Commands `exec` at once:
    /// a child forked before the attach would stay outside (an executor takes milliseconds to
    /// start, so the agent does not meet that window).
    func runToExit(_ command: String, in name: String, memoryMB: Int64, _ containerizer: Containerizer) async throws -> ContainerCgroups {
        let cgroups = try #require(containerizer.cgroups(ContainerID(name), agentID: self.agentID))
        let request = SpawnRequest(executable: "/bin/sh", arguments: ["sh", "-c", command], environment: ["PATH": "/usr/bin:/bin"])
        let started = try ContainerStart.run(
            request, cgroups: cgroups, limits: CgroupLimits(cpus: 0.5, cpuQuota: false, memoryBytes: memoryMB << 20),
            reuse: containerizer.reuse(agentID: self.agentID))
        _ = await ProcessReaper.shared.waitForExit(of: started.pid)
        return cgroups
    }

    func exists(_ cgroups: ContainerCgroups) -> Bool { cgroups.allDirectories.allSatisfy { FileManager.default.fileExists(atPath: $0) } }

    /// Removes the test's cgroups, whatever a failure left.
    func cleanUp(_ containerizer: Containerizer) {
        for controller in containerizer.containerControllers {
            guard let hierarchy = containerizer.mounts.hierarchy(for: controller) else { continue }
            let agent = hierarchy.mountPoint + "/" + self.root + "/" + self.agentID.value
            for name in (try? FileManager.default.contentsOfDirectory(atPath: agent)) ?? [] { rmdir(agent + "/" + name) }
            rmdir(agent)
            rmdir(hierarchy.mountPoint + "/" + self.root)
        }
    }

    @Test func anEmptiedContainersCgroupsServeTheNextContainer() async throws {
        let containerizer = try self.containerizer
        defer { self.cleanUp(containerizer) }
        let reuse = try #require(containerizer.reuse(agentID: self.agentID), "v1 cpu, memory and pids here: cgroups can be reused")
        let first = try await self.runToExit("exec sleep 0.2", in: "c1", memoryMB: 64, containerizer)
        #expect(ContainerStart.release(first, reuse: reuse))
        #expect(!self.exists(first), "renamed away")
        let idle = reuse.idle("_idle-1")
        #expect(self.exists(idle), "kept as _idle-1")

        let second = try await self.runToExit("exec sleep 0.2", in: "c2", memoryMB: 128, containerizer)
        #expect(self.exists(second))
        #expect(!self.exists(idle), "the idle cgroups became c2's")
        let limit = try String(contentsOfFile: second.directories[.memory]! + "/memory.limit_in_bytes", encoding: .utf8)
        #expect(limit.trimmingCharacters(in: .whitespacesAndNewlines) == "\(128 << 20)", "c2's own limit")
        #expect(ContainerStart.release(second, reuse: reuse))
    }

    @Test func aCgroupTheOOMKillerActedInIsRemovedNotKept() async throws {
        let containerizer = try self.containerizer
        defer { self.cleanUp(containerizer) }
        let reuse = try #require(containerizer.reuse(agentID: self.agentID))
        let hog = try await self.runToExit("exec python3 -c 'b = b\"x\" * 400_000_000'", in: "hog", memoryMB: 32, containerizer)
        #expect(hog.oomKills > 0, "the OOM killer acted")
        #expect(ContainerStart.release(hog, reuse: reuse))
        #expect(!self.exists(hog))
        #expect(reuse.pool.take() == nil, "nothing kept")
    }
}
