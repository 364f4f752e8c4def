import AgoraSDK
import AgoraTestKit
import Foundation
import Testing

/// The sandbox files API of a real agent.
@Suite(.serialized) struct FilesAPITests {
    @Test func aTasksSandboxCanBeBrowsedReadAndDownloadedButNotLeft() async throws {
        try await withCluster("files") { cluster in
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "writer", command: "echo hello-sandbox; ln -s /etc escape; mkdir data; sleep 300")])
            try await framework.waitFor(.taskRunning, of: "writer")
            let agent = "http://\(try await cluster.agents[0].address(of: "agent"))"
            let executor = try #require(try await AgentReliabilityTests.agentExecutor(String(agent.dropFirst(7)), "writer"))
            let sandbox = try #require(executor["directory"] as? String)
            let query = { (path: String) in path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? path }

            try await eventually("stdout to be written") {
                try await http("GET", "\(agent)/files/read?path=\(query(sandbox + "/stdout"))&offset=0").body.contains("hello-sandbox")
            }
            let listing = try await http("GET", "\(agent)/files/browse?path=\(query(sandbox))")
            #expect(listing.status == 200)
            let entries = try JSONSerialization.jsonObject(with: Data(listing.body.utf8)) as? [[String: Any]] ?? []
            let names = entries.compactMap { ($0["path"] as? String)?.split(separator: "/").last.map(String.init) }
            #expect(Set(names).isSuperset(of: ["stdout", "stderr", "data", "escape"]), "\(names)")
            let data = try #require(entries.first { ($0["path"] as? String)?.hasSuffix("/data") == true })
            #expect((data["mode"] as? String)?.hasPrefix("d") == true && data["uid"] as? String == "root")

            let size = try await getJSON("\(agent)/files/read?path=\(query(sandbox + "/stdout"))&offset=-1")
            #expect(size["data"] as? String == "" && size["offset"] as? Int == 14)
            let part = try await getJSON("\(agent)/files/read?path=\(query(sandbox + "/stdout"))&offset=6&length=7")
            #expect(part["data"] as? String == "sandbox" && part["offset"] as? Int == 6)
            let virtual = "/frameworks/\(executor["framework_id"] as? String ?? "")/executors/writer/runs/latest/stdout"
            #expect(try await getJSON("\(agent)/files/read?path=\(query(virtual))&offset=0")["data"] as? String == "hello-sandbox\n")
            let download = try await http("GET", "\(agent)/files/download?path=\(query(sandbox + "/stdout"))")
            #expect(download.status == 200 && download.body == "hello-sandbox\n")
            #expect(download.headers["content-disposition"] == "attachment; filename=stdout")

            for escape in [sandbox + "/escape/passwd", sandbox + String(repeating: "/..", count: 20) + "/etc/passwd"] {
                let read = try await http("GET", "\(agent)/files/read?path=\(query(escape))&offset=0")
                #expect(read.status == 400, "\(escape): \(read.status) \(read.body.prefix(80))")
                #expect(!read.body.contains("root:"))
                #expect(try await http("GET", "\(agent)/files/download?path=\(query(escape))").status == 400)
            }
            #expect(try await http("GET", "\(agent)/files/read?path=%2Fetc%2Fpasswd&offset=0").status == 404)
            #expect(try await http("GET", "\(agent)/files/read?path=\(query(sandbox + "/nope"))").status == 404)
            #expect(try await http("GET", "\(agent)/files/read").status == 400)
            #expect(try await http("GET", "\(agent)/files/read?path=\(query(sandbox))").status == 400, "a directory")
            #expect(try await http("GET", "\(agent)/files/read?path=\(query(sandbox + "/stdout"))&offset=x").status == 400)
            let jsonp = try await http("GET", "\(agent)/files/read?path=\(query(sandbox + "/stdout"))&offset=-1&jsonp=cb")
            #expect(jsonp.body == "cb({\"data\":\"\",\"offset\":14});")
            await framework.stop()
        }
    }
}

/// Sandboxes of completed executors are removed after `--gc-delay`.
@Suite(.serialized) struct SandboxGCTests {
    @Test func aCompletedSandboxIsRemovedAfterTheGCDelay() async throws {
        let cluster = try await LocalCluster(name: "gc")
        do {
            try await cluster.addAgent(flags: ["--gc-delay", "1s"])
            let framework = try await TestFramework(master: cluster.masterAddress)
            try await framework.launch([(id: "brief", command: "echo done")])
            try await framework.waitFor(.taskFinished, of: "brief")
            let agent = try await cluster.agents[0].address(of: "agent")
            let sandbox = try await eventuallyValue("the executor to complete") {
                let state = try await getJSON("http://\(agent)/state")
                let completed = state["completed_executors"] as? [[String: Any]] ?? []
                return completed.first { $0["id"] as? String == "brief" }?["directory"] as? String
            }
            try await eventually("the sandbox to be removed", within: 15) { !FileManager.default.fileExists(atPath: sandbox) }
            await framework.stop()
            await cluster.stop()
            Paths.discardScratch(cluster.directory)
        } catch {
            await cluster.stop()
            throw error
        }
    }
}
