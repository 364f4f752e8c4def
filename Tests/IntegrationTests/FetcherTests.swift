import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// CommandInfo.uris fetched into the sandbox before the task runs, from a server on
/// 127.0.0.1 and from local files.
@Suite(.serialized) struct FetcherTests {
    @Test func urisArriveInTheSandboxExtractedExecutableAndRenamed() async throws {
        try await withCluster("fetch") { cluster in
            let files = try await FetchFixtures(directory: cluster.directory + "/served")
            let server = try await FileServer(directory: files.directory, log: cluster.directory + "/server.log")
            defer { server.stop() }
            let framework = try await TestFramework(master: cluster.masterAddress)
            let uris: [Mesos.CommandInfo.URI] = [
                .with { $0.value = server.url("bundle.tar.gz") },
                .with { $0.value = "file://" + files.directory + "/bundle.tar.xz"; $0.outputFile = "xz/bundle.tar.xz" },
                .with { $0.value = files.directory + "/bundle.zip" },
                .with { $0.value = server.url("run.sh"); $0.executable = true },
                .with { $0.value = server.url("notes.txt"); $0.outputFile = "renamed.txt" },
                .with { $0.value = server.url("kept.tar.gz"); $0.extract = false },
            ]
            let check = "test -f gz/hello.txt && test -f xz/hello.txt && test -f zipped/hello.txt && test -x run.sh && ./run.sh"
                + " && grep -q notes renamed.txt && test -f kept.tar.gz && test ! -e kept"
            try await Self.launch(framework, id: "fetched", command: check, uris: uris)
            try await framework.waitFor(.taskFinished, of: "fetched", within: 30)
            await framework.stop()
        }
    }

    @Test func aFailedFetchFailsTheTaskNamingTheURI() async throws {
        try await withCluster("fetch-fail") { cluster in
            let server = try await FileServer(directory: cluster.directory, log: cluster.directory + "/server.log")
            defer { server.stop() }
            let framework = try await TestFramework(master: cluster.masterAddress)
            let missing = server.url("no-such-file.tar.gz")
            try await Self.launch(framework, id: "unfetched", command: "true", uris: [.with { $0.value = missing }])
            try await framework.waitFor(.taskFailed, of: "unfetched", within: 30)
            let status = try #require(await framework.log.latest("unfetched"))
            #expect(status.reason == .containerLaunchFailed)
            #expect(status.message.contains(missing) && status.message.contains("404"), "\(status.message)")
            await framework.stop()
        }
    }

    @Test func aCachedURIIsDownloadedOnce() async throws {
        try await withCluster("fetch-cache") { cluster in
            let files = try await FetchFixtures(directory: cluster.directory + "/served")
            let server = try await FileServer(directory: files.directory, log: cluster.directory + "/server.log")
            defer { server.stop() }
            let framework = try await TestFramework(master: cluster.masterAddress)
            for index in 0..<3 {
                try await Self.launch(framework, id: "cached-\(index)", command: "test -f gz/hello.txt",
                                      uris: [.with { $0.value = server.url("bundle.tar.gz"); $0.cache = true }])
                try await framework.waitFor(.taskFinished, of: "cached-\(index)", within: 30)
            }
            #expect(server.requests(for: "/bundle.tar.gz") == 1, "\(server.log)")
            await framework.stop()
        }
    }

    static func launch(_ framework: TestFramework, id: String, command: String, uris: [Mesos.CommandInfo.URI]) async throws {
        let offer = try await framework.nextOffer()
        var budget = OfferResources(offer)
        let taken = budget.take(cpus: 0.01, mem: 8)
        let share = try #require(taken)
        var task = Mesos.TaskInfo.command(id: TaskID(id), command: command, resources: share, on: offer)
        task.command.uris = uris
        try await framework.driver.launch([task], on: offer, refuse: .zero)
    }
}

/// Files to fetch: archives (tar.gz, tar.xz, zip) each holding `<kind>/hello.txt`, a
/// script, a text file, and an archive not to extract.
struct FetchFixtures {
    let directory: String

    init(directory: String) async throws {
        self.directory = directory
        let work = directory + "/work"
        for kind in ["gz", "xz", "zipped", "kept"] {
            try FileManager.default.createDirectory(atPath: work + "/" + kind, withIntermediateDirectories: true)
            try "hello".write(toFile: work + "/\(kind)/hello.txt", atomically: true, encoding: .utf8)
        }
        try await Self.run(["tar", "-C", work, "-czf", directory + "/bundle.tar.gz", "gz"])
        try await Self.run(["tar", "-C", work, "-cJf", directory + "/bundle.tar.xz", "xz"])
        try await Self.run(["tar", "-C", work, "-czf", directory + "/kept.tar.gz", "kept"])
        try await Self.run(["sh", "-c", "cd '\(work)' && zip -q -r '\(directory)/bundle.zip' zipped"])
        try "#!/bin/sh\nexit 0\n".write(toFile: directory + "/run.sh", atomically: true, encoding: .utf8)
        try "notes\n".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
    }

    static func run(_ arguments: [String]) async throws {
        guard let program = Spawner.locate(arguments[0], path: "/usr/bin:/bin") else {
            throw FixtureFailed(command: "\(arguments[0]) is not installed (scripts/install-prerequisites)", status: -1)
        }
        let pid = try Spawner.spawn(SpawnRequest(executable: program, arguments: arguments, environment: ["PATH": "/usr/bin:/bin"]))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        guard status == 0 else { throw FixtureFailed(command: arguments.joined(separator: " "), status: status) }
    }
}

struct FixtureFailed: Error {
    let command: String
    let status: Int32
}

/// `python3 -m http.server` on 127.0.0.1 serving a directory, logging its requests.
final class FileServer: Sendable {
    let port: Int
    let pid: pid_t
    let log: String

    init(directory: String, log: String) async throws {
        self.port = freePort()
        self.log = log
        self.pid = try Spawner.spawn(SpawnRequest(
            executable: "/usr/bin/env", arguments: ["env", "python3", "-m", "http.server", String(self.port), "--bind", "127.0.0.1"],
            environment: ProcessInfo.processInfo.environment, workingDirectory: directory, stdoutPath: log, stderrPath: log))
        let port = self.port
        try await eventually("the file server to listen") {
            (try? await http("GET", "http://127.0.0.1:\(port)/"))?.status == 200
        }
    }

    func url(_ name: String) -> String { "http://127.0.0.1:\(self.port)/\(name)" }

    /// How many GETs of `path` the server answered.
    func requests(for path: String) -> Int {
        let text = (try? String(contentsOfFile: self.log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("\"GET \(path) HTTP") }.count
    }

    func stop() { kill(self.pid, SIGKILL) }
}
