import AgoraTestKit
import AppsCore
import AppsServer
import AsyncHTTPClient
import Foundation
import Testing

/// `/v2/events` on a live server: framing, the event types and shapes marathon-python
/// parses, `event_type` filters.
@Suite struct EventStreamTests {
    /// Reads SSE events from `url` until `enough` says so; returns `(event:, data:)` pairs.
    static func read(_ url: String, until enough: @Sendable ([(type: String, data: JSONValue)]) -> Bool) async throws -> [(type: String, data: JSONValue)] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
        var text = ""
        var events: [(type: String, data: JSONValue)] = []
        for try await chunk in response.body {
            text += String(buffer: chunk)
            while let end = text.range(of: "\n\n") {
                let block = text[..<end.lowerBound]
                text = String(text[end.upperBound...])
                let lines = block.split(separator: "\n")
                guard let type = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                    let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6)
                else { continue }
                events.append((String(type), try JSONValue.parse(String(data))))
            }
            if enough(events) { break }
        }
        return events
    }

    @Test func eventsCarryMarathonsTypesAndPlans() async throws {
        try await AppsFixture.run(live: true) { f in
            let port = try #require(f.client.port)
            async let events = Self.read("http://127.0.0.1:\(port)/v2/events") { events in
                events.contains { $0.type == "deployment_info" } && events.contains { $0.type == "api_post_event" }
            }
            try await eventually("the stream to attach", within: AppsFixture.patience) { f.shell.events.listenerCount == 1 }
            #expect(try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x"}"#).status == 201)
            let seen = try await events
            #expect(seen.first?.type == "event_stream_attached")
            for event in seen {
                #expect(event.data["eventType"]?.stringValue == event.type)
                #expect(event.data["timestamp"]?.stringValue.flatMap(Timestamp.init(iso8601:)) != nil)
            }
            let post = try #require(seen.first { $0.type == "api_post_event" })
            #expect(post.data["appDefinition"]?["id"] == "/web" && post.data["uri"] == "/v2/apps")
            let info = try #require(seen.first { $0.type == "deployment_info" })
            let plan = try #require(info.data["plan"])
            #expect(plan["original"]?["apps"] == [] && plan["target"]?["apps"]?[0]?["id"] == "/web", "the full ≤1.7 plan")
            #expect(plan["steps"]?.arrayValue.isEmpty == false && info.data["currentStep"]?["actions"] != nil)
        }
    }

    @Test func eventTypesFilterTheStream() async throws {
        try await AppsFixture.run(live: true) { f in
            let port = try #require(f.client.port)
            async let events = Self.read("http://127.0.0.1:\(port)/v2/events?event_type=deployment_success&event_type=app_terminated_event") {
                events in events.contains { $0.type == "app_terminated_event" }
            }
            try await eventually("the stream to attach", within: AppsFixture.patience) { f.shell.events.listenerCount == 1 }
            try await f.request(.post, "/v2/apps", #"{"id":"web","cmd":"x","instances":0}"#)
            try await f.deploymentsFinish()
            try await f.request(.delete, "/v2/apps/web")
            let types = try await events.map(\.type)
            #expect(types == ["deployment_success", "app_terminated_event"], "\(types)")
        }
    }
}
