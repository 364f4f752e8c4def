import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobsCore
import JobsServer
import Testing

/// The Chronos API over HTTP (router, no socket), on both path prefixes.
@Suite struct ChronosContractTests {
    static let prefixes = ["/v1/scheduler", "/scheduler"]
    static let job = #"{"name":"nightly","command":"echo hi","schedule":"R/2026-03-02T00:00:00Z/P1D","owner":"ops@example.com"}"#
    static let child = #"{"name":"report","command":"echo done","parents":["nightly"],"owner":"","disabled":false}"#

    @Test(arguments: prefixes) func createListGetRunDelete(prefix: String) async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "\(prefix)/iso8601", method: .post, headers: [.contentType: "application/json"], body: bytes(Self.job)) { (r: TestResponse) async throws in
                #expect(r.status == .noContent)
                #expect(r.body.readableBytes == 0, "chronos-python raises on a 200 with an empty body; 204 must be empty")
            }
            try await client.execute(uri: "\(prefix)/dependency", method: .post, body: bytes(Self.child)) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "\(prefix)/jobs", method: .get) { (response: TestResponse) async throws in
                #expect(response.status == .ok && response.headers[.contentType] == "application/json")
                let names = try response.json().arrayItems.compactMap { $0["name"]?.stringValue }
                #expect(names == ["nightly", "report"])
            }
            try await client.execute(uri: "\(prefix)/job/nightly", method: .get) { (response: TestResponse) async throws in
                let job = try response.json()
                #expect(job["schedule"] == "R/2026-03-02T00:00:00Z/P1D" && job["owner"] == "ops@example.com" && job["retries"] == 2)
            }
            try await client.execute(uri: "\(prefix)/job/nightly?arguments=--fast", method: .put) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "\(prefix)/jobs/summary", method: .get) { (response: TestResponse) async throws in
                let summary = try response.json()["jobs"]?.arrayItems ?? []
                #expect(summary.first?["state"] == "queued" && summary.first?["status"] == "fresh")
            }
            try await client.execute(uri: "\(prefix)/task/kill/nightly", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "\(prefix)/job/success/nightly", method: .put) { (response: TestResponse) async throws in
                #expect(response.status == .ok && response.text == "marked job nightly as successful: true")
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            }
            try await client.execute(uri: "\(prefix)/graph/csv", method: .get) { (response: TestResponse) async throws in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(response.text.contains("link,nightly,report\n"))
            }
            try await client.execute(uri: "\(prefix)/graph/dot", method: .get) { (r: TestResponse) async throws in #expect(r.text.hasPrefix("digraph G {")) }
            try await client.execute(uri: "\(prefix)/job/report", method: .delete) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "\(prefix)/jobs", method: .get) { (r: TestResponse) async throws in #expect(try r.json().arrayItems.count == 1) }
        }
        await h.stop()
    }

    @Test(arguments: prefixes) func errorsAre400WithStatusAndMessageAndStoreNothing(prefix: String) async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "\(prefix)/job/ghost", method: .get) { (response: TestResponse) async throws in
                #expect(response.status == .badRequest)
                #expect(try response.json() == .object([("status", "Bad Request"), ("message", "Job 'ghost' not found")]))
            }
            for (method, path) in [(HTTPRequest.Method.put, "job/ghost"), (.delete, "job/ghost"), (.delete, "task/kill/ghost"),
                                   (.get, "job/stat/ghost"), (.put, "job/success/ghost")] {
                try await client.execute(uri: "\(prefix)/\(path)", method: method) { (response: TestResponse) async throws in
                    #expect(response.status == .badRequest, "\(method) \(path)")
                    #expect(try response.json()["message"] == "Job 'ghost' not found")
                }
            }
            let bad = #"{"name":"bad","command":"x","schedule":"R/2026-13-45T00:00:00Z/PT1H"}"#
            try await client.execute(uri: "\(prefix)/iso8601", method: .post, body: bytes(bad)) { (response: TestResponse) async throws in
                #expect(response.status == .badRequest)
                #expect(try response.json()["message"]?.stringValue?.contains("schedule") == true, "the message names the field")
            }
            try await client.execute(uri: "\(prefix)/iso8601", method: .post, body: bytes("{not json")) { (r: TestResponse) async throws in #expect(r.status == .badRequest) }
            let orphan = #"{"name":"orphan","command":"x","parents":["nobody"]}"#
            try await client.execute(uri: "\(prefix)/dependency", method: .post, body: bytes(orphan)) { (response: TestResponse) async throws in
                #expect(response.status == .badRequest)
                #expect(try response.json()["message"]?.stringValue?.contains("parents") == true)
            }
            try await client.execute(uri: "\(prefix)/jobs", method: .get) { (r: TestResponse) async throws in #expect(try r.json() == []) }
        }
        await h.stop()
    }

    @Test(arguments: prefixes) func searchDefaultsToTenAndStatsAndLeader(prefix: String) async throws {
        let h = try await ShellHarness()
        for index in 0..<12 {
            try await h.chronos(#"{"name":"job-\#(index)","command":"run \#(index)","schedule":"R/2026-03-02T00:00:00Z/P1D"}"#)
        }
        try await h.withRouter { client in
            try await client.execute(uri: "\(prefix)/jobs/search?name=job", method: .get) { (r: TestResponse) async throws in #expect(try r.json().arrayItems.count == 10) }
            try await client.execute(uri: "\(prefix)/jobs/search?command=run%201&limit=20", method: .get) { (response: TestResponse) async throws in
                #expect(try response.json().arrayItems.compactMap { $0["name"]?.stringValue } == ["job-1", "job-10", "job-11"])
            }
            for statistic in ["99thPercentile", "98thPercentile", "95thPercentile", "75thPercentile", "median", "mean"] {
                try await client.execute(uri: "\(prefix)/stats/\(statistic)", method: .get) { (r: TestResponse) async throws in #expect(try r.json() == []) }
            }
            try await client.execute(uri: "\(prefix)/stats/p42", method: .get) { (r: TestResponse) async throws in #expect(r.status == .badRequest) }
            try await client.execute(uri: "\(prefix)/job/stat/job-1", method: .get) { (response: TestResponse) async throws in
                #expect(try response.json()["histogram"]?["count"] == 0)
            }
            try await client.execute(uri: "\(prefix)/leader", method: .get) { (r: TestResponse) async throws in #expect(try r.json()["leader"] == "127.0.0.1:4400") }
        }
        await h.stop()
    }

    @Test func legacyPathsTakePutForUpsertsAndUnprefixedRoutesAnswer() async throws {
        let h = try await ShellHarness()
        try await h.withRouter { client in
            try await client.execute(uri: "/scheduler/iso8601", method: .put, body: bytes(Self.job)) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "/scheduler/dependency", method: .put, body: bytes(Self.child)) { (r: TestResponse) async throws in #expect(r.status == .noContent) }
            try await client.execute(uri: "/v1/scheduler/iso8601", method: .put, body: bytes(Self.job)) { (r: TestResponse) async throws in
                #expect(r.status != .noContent, "3.x takes only POST")
            }
            try await client.execute(uri: "/ping", method: .get) { (r: TestResponse) async throws in #expect(r.text == "pong") }
            try await client.execute(uri: "/metrics", method: .get) { (response: TestResponse) async throws in
                #expect(try response.json()["counters"]?["tasks.launched"]?["count"] == 0)
            }
        }
        await h.stop()
    }
}

extension JSONValue {
    /// The elements of an array (empty for anything else).
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
