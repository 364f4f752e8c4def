import AgoraPosix
import Foundation

/// A second host for tests: a network namespace joined to this one by a veth pair, so a
/// client in it connects from another address over a real (virtual) link. Needs root and
/// iproute2 (scripts/apt-packages.txt); `remove()` deletes both ends.
struct NetworkNamespace {
    let name: String
    /// This host's end of the link, which servers here are reached at from the namespace.
    let hostAddress: String
    /// The namespace's own address, which a server here sees as the client.
    let peerAddress: String

    static func create() async throws -> NetworkNamespace {
        let tag = Int(getpid()) % 100_000
        let subnet = "10.213.\(tag % 250)"
        let namespace = NetworkNamespace(name: "agora-t\(tag)", hostAddress: "\(subnet).1", peerAddress: "\(subnet).2")
        let (hostEnd, peerEnd) = ("vah\(tag)", "van\(tag)")
        // Left over from a killed run with the same pid: start clean. Usually there is none,
        // and `ip` failing to delete what does not exist loses nothing.
        _ = try? await Self.ip(["netns", "del", namespace.name])
        _ = try? await Self.ip(["link", "del", hostEnd])
        try await Self.ip(["netns", "add", namespace.name])
        try await Self.ip(["link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd])
        try await Self.ip(["link", "set", peerEnd, "netns", namespace.name])
        try await Self.ip(["addr", "add", namespace.hostAddress + "/30", "dev", hostEnd])
        try await Self.ip(["link", "set", hostEnd, "up"])
        try await Self.ip(["netns", "exec", namespace.name, "ip", "addr", "add", namespace.peerAddress + "/30", "dev", peerEnd])
        try await Self.ip(["netns", "exec", namespace.name, "ip", "link", "set", peerEnd, "up"])
        try await Self.ip(["netns", "exec", namespace.name, "ip", "link", "set", "lo", "up"])
        return namespace
    }

    /// Deletes the namespace; its veth end goes with it, and the pair with that.
    func remove() async throws {
        try await Self.ip(["netns", "del", self.name])
    }

    /// `curl` from inside the namespace: the HTTP status and body of a GET.
    func get(_ url: String, in directory: String) async throws -> (status: Int, body: String) {
        let output = directory + "/netns-curl-\(UUID().uuidString).out"
        let pid = try Spawner.spawn(SpawnRequest(
            executable: "/usr/sbin/ip",
            arguments: ["ip", "netns", "exec", self.name, "curl", "-sS", "--max-time", "10", "-o", output, "-w", "%{http_code}", url],
            environment: ["PATH": "/usr/sbin:/usr/bin:/bin"], stdoutPath: output + ".status", stderrPath: output + ".err"))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        guard status == 0 else {
            throw FixtureFailed(command: "curl \(url) in \(self.name): \(try String(contentsOfFile: output + ".err", encoding: .utf8))", status: status)
        }
        // curl writes no body file for an empty body.
        let body = FileManager.default.fileExists(atPath: output) ? try String(contentsOfFile: output, encoding: .utf8) : ""
        return (Int(try String(contentsOfFile: output + ".status", encoding: .utf8)) ?? 0, body)
    }

    @discardableResult
    private static func ip(_ arguments: [String]) async throws -> Int32 {
        let pid = try Spawner.spawn(SpawnRequest(
            executable: "/usr/sbin/ip", arguments: ["ip"] + arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/bin"]))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        guard status == 0 else { throw FixtureFailed(command: "ip " + arguments.joined(separator: " "), status: status) }
        return status
    }
}
