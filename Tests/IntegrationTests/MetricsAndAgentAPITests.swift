import AgoraPosix
import AgoraSDK
import AgoraTestKit
import Foundation
import OperatorClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension OperatorIntegration {
    /// Prometheus `/metrics` on the master and agents, read by the official Python client's
    /// parser; the agent's v1 operator API.
    @Suite(.serialized) struct MetricsAndAgentAPITests {
        /// The families the parser found at `url`, by name.
        static func families(_ url: String, accept: String? = nil, in directory: String) async throws -> [String: [String: Any]] {
            let parser = PythonFixture("prometheus_parse.py", [url] + (accept.map { [$0] } ?? []), in: directory)
            let status = try await parser.run()
            #expect(status == 0, "prometheus_client could not parse \(url): \(parser.errors)")
            var families: [String: [String: Any]] = [:]
            for family in parser.lines { if let name = family["name"] as? String { families[name] = family } }
            return families
        }

        static func samples(_ family: [String: Any]?) -> [[String: Any]] { family?["samples"] as? [[String: Any]] ?? [] }

        @Test func theMastersMetricsParseAndCoverTheCluster() async throws {
            try await withCluster("metrics-master") { cluster in
                let framework = try await TestFramework(master: cluster.masterAddress)
                try await framework.launch([(id: "m1", command: "true")])
                try await framework.waitFor(.taskFinished, of: "m1")
                let families = try await Self.families("http://\(cluster.masterAddress)/metrics", in: cluster.directory)
                #expect(families["agora_allocation_run_seconds"]?["type"] as? String == "histogram")
                #expect(families["agora_registry_write_seconds"]?["type"] as? String == "histogram")
                #expect(families["agora_status_update_acknowledgement_seconds"]?["type"] as? String == "histogram")
                let acknowledged = Self.samples(families["agora_status_update_acknowledgement_seconds"])
                    .first { $0["name"] as? String == "agora_status_update_acknowledgement_seconds_count" }?["value"] as? Double
                #expect((acknowledged ?? 0) >= 2, "running and finished were acknowledged")
                // prometheus_client names counter families without their _total suffix.
                #expect(families["agora_offers_made"]?["type"] as? String == "counter")
                #expect(families["agora_offers_declined"] != nil && families["agora_offers_rescinded"] != nil)
                let finished = Self.samples(families["agora_tasks"]).first { ($0["labels"] as? [String: String])?["state"] == "TASK_FINISHED" }
                #expect(finished?["value"] as? Double == 1)
                #expect(Self.samples(families["agora_master_elected"]).first?["value"] as? Double == 1)
                let contentType = families.values.first?["content_type"] as? String
                #expect(contentType?.hasPrefix("text/plain; version=0.0.4") == true)
                await framework.stop()
            }
        }

        @Test func theAgentsMetricsAndOperatorAPI() async throws {
            try await withCluster("metrics-agent") { cluster in
                let agentAddress = try await cluster.agents[0].address(of: "agent")
                let framework = try await TestFramework(master: cluster.masterAddress)
                try await framework.launch([(id: "a1", command: "sleep 60")])
                try await framework.waitFor(.taskRunning, of: "a1")
                let families = try await Self.families("http://\(agentAddress)/metrics", in: cluster.directory)
                #expect(Self.samples(families["agora_agent_containers"]).first?["value"] as? Double == 1)
                let running = Self.samples(families["agora_agent_tasks"]).first { ($0["labels"] as? [String: String])?["state"] == "TASK_RUNNING" }
                #expect(running?["value"] as? Double == 1)
                let agent = AgentOperatorClient(baseURL: "http://\(agentAddress)")
                #expect(try await agent.health())
                #expect(try await agent.metrics()["slave/tasks_running"] == 1)
                #expect(try await agent.flags().contains { $0.name == "master" })
                #expect(try await agent.version().version == "1.12.0")
                let state = try await agent.state()
                #expect(state.getTasks.launchedTasks.map(\.taskID.value) == ["a1"])
                #expect(state.getFrameworks.frameworks.count == 1 && state.getExecutors.executors.count == 1)
                let snapshot = try await getJSON("http://\(agentAddress)/metrics/snapshot")
                #expect(snapshot["slave/executors_running"] as? Double == 1)
                let frameworkID = try #require(await framework.driver.frameworkID)
                let containers = try await agent.containers()
                #expect(containers.count == 1 && containers.first?.frameworkID.value == frameworkID.value)
                #expect((containers.first?.containerStatus.executorPid ?? 0) > 0, "\(containers)")
                #expect(containers.first?.hasResourceStatistics == true, "statistics as /monitor/statistics has them")
                let usage = try #require(containers.first?.resourceStatistics)
                #expect(usage.timestamp > 0 && usage.hasCpusLimit && usage.hasMemLimitBytes && usage.hasCpusUserTimeSecs, "\(usage)")
                let sandbox = try #require(try await agent.sandbox(of: "a1", frameworkID: frameworkID.value))
                #expect(FileManager.default.fileExists(atPath: sandbox + "/stdout"), "\(sandbox)")
                #expect(try await agent.sandbox(of: "nope", frameworkID: frameworkID.value) == nil)
                try await Self.checkFiles(of: agent, sandbox: sandbox)
                try await Self.checkFilesInJSON(at: agentAddress, sandbox: sandbox)
                await framework.stop()
            }
        }

        /// LIST_FILES and READ_FILE over a sandbox: Mesos's shapes, and its refusals.
        static func checkFiles(of agent: AgentOperatorClient, sandbox: String) async throws {
            try Data("hello sandbox\n".utf8).write(to: URL(fileURLWithPath: sandbox + "/note.txt"))
            let listing = try await agent.listFiles(sandbox)
            #expect(listing.contains { $0.path == sandbox + "/stdout" } && listing.contains { $0.path == sandbox + "/note.txt" && $0.size == 14 })
            let note = try #require(listing.first { $0.path.hasSuffix("/note.txt") })
            #expect(note.mode & 0o170000 == 0o100000 && note.mtime.nanoseconds > 0 && !note.uid.isEmpty)
            #expect(try await agent.listFiles(sandbox + "/note.txt").map(\.path) == [sandbox + "/note.txt"], "a file lists itself")
            let whole = try await agent.readFile(sandbox + "/note.txt", offset: 0)
            #expect(whole.size == 14 && String(decoding: whole.data, as: UTF8.self) == "hello sandbox\n")
            let part = try await agent.readFile(sandbox + "/note.txt", offset: 6, length: 4)
            #expect(String(decoding: part.data, as: UTF8.self) == "sand" && part.size == 14)
            #expect(try await agent.readFile(sandbox + "/note.txt", offset: 99).data.isEmpty, "past the end: nothing")
            await Self.expectRefusal(.notFound) { try await agent.readFile(sandbox + "/missing", offset: 0) }
            await Self.expectRefusal(.badRequest) { try await agent.readFile(sandbox + String(repeating: "/..", count: 30) + "/etc/passwd", offset: 0) }
            await Self.expectRefusal(.notFound) { try await agent.listFiles("/etc") }
            await Self.expectRefusal(.badRequest) { try await agent.readFile(sandbox, offset: 0) }
        }

        /// The same calls in Mesos's JSON mapping: `data` in base64, 404 with Mesos's words.
        static func checkFilesInJSON(at address: String, sandbox: String) async throws {
            func post(_ body: String) async throws -> HTTPExchange {
                try await http("POST", "http://\(address)/api/v1", headers: OperatorAPIContractTests.json, body: Array(body.utf8))
            }
            let read = try await post(#"{"type":"READ_FILE","read_file":{"path":"\#(sandbox)/note.txt","offset":6,"length":4}}"#)
            #expect(read.status == 200, "\(read.body)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(read.body.utf8)) as? [String: Any])
            #expect(answer["type"] as? String == "READ_FILE")
            let file = answer["read_file"] as? [String: Any]
            #expect(file?["data"] as? String == "c2FuZA==" && (file?["size"] as? NSNumber)?.intValue == 14, "\(read.body)")
            let list = try await post(#"{"type":"LIST_FILES","list_files":{"path":"\#(sandbox)"}}"#)
            let infos = (try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String: Any])?["list_files"] as? [String: Any]
            let note = (infos?["file_infos"] as? [[String: Any]])?.first { ($0["path"] as? String)?.hasSuffix("/note.txt") == true }
            #expect(note?["mtime"] as? [String: Any] != nil && note?["uid"] is String, "\(list.body)")
            let missing = try await post(#"{"type":"READ_FILE","read_file":{"path":"\#(sandbox)/missing","offset":0}}"#)
            #expect(missing.status == 404 && missing.body == "Failed to find '\(sandbox)/missing'", "\(missing.body)")
            let noPath = try await post(#"{"type":"LIST_FILES","list_files":{"path":""}}"#)
            #expect(noPath.status == 400, "\(noPath.body)")
        }

        static func expectRefusal<T>(_ kind: OperatorClientError.Kind, _ call: () async throws -> T) async {
            do {
                _ = try await call()
                Issue.record("expected a refusal (\(kind))")
            } catch let error as OperatorClientError {
                #expect(error.kind == kind, "\(error)")
            } catch {
                Issue.record("not an operator error: \(error)")
            }
        }

        @Test func theOperatorClientFollowsARedirectAndNamesAMissingMaster() async throws {
            try await withCluster("client-misc", agents: 0) { cluster in
                let port = freePort()
                let script = Paths.packageRoot + "/Tests/IntegrationTests/Fixtures/redirector.py"
                let redirector = try Spawner.spawn(SpawnRequest(
                    executable: "/usr/bin/env", arguments: ["env", "python3", script, String(port), cluster.masterAddress],
                    environment: ProcessInfo.processInfo.environment, stdoutPath: cluster.directory + "/redirector.out",
                    stderrPath: cluster.directory + "/redirector.err"))
                defer { kill(redirector, SIGKILL) }
                try await eventually("the redirector to listen") {
                    FileManager.default.contents(atPath: cluster.directory + "/redirector.out").map { String(decoding: $0, as: UTF8.self) }?
                        .contains("listening") ?? false
                }
                let client = try OperatorClient(master: "http://127.0.0.1:\(port)", environment: [:])
                #expect(try await client.health())
                #expect(try await client.master().masterInfo.port == UInt32(cluster.masterAddress.split(separator: ":")[1]))
                await client.shutdown()
                let fromEnvironment = try OperatorClient(environment: ["AGORA_MASTER": cluster.masterAddress])
                #expect(fromEnvironment.location == .direct(baseURL: "http://\(cluster.masterAddress)"))
                await fromEnvironment.shutdown()
                let nowhere = try OperatorClient(master: "127.0.0.1:\(freePort())", environment: [:])
                do throws(OperatorClientError) {
                    _ = try await nowhere.state()
                    Issue.record("a master that does not run answered")
                } catch {
                    #expect(error.kind == .transport && error.message.hasPrefix("cannot reach the master at http://127.0.0.1:"))
                }
                await nowhere.shutdown()
            }
        }
    }
}
