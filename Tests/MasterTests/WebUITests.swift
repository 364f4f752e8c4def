@testable import Master
import AgoraServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// The web UI's routes on the router test client: static files with their content types,
/// `/` sent to `/ui/`, and the proxy to known frameworks and agents' files API only.
@Suite struct WebUITests {
    /// The UI directory in the source tree; every file there must be served.
    static let uiDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Master/UI").standardizedFileURL

    /// Requests the proxy forwarded, and the answer it gets back.
    final class Upstream: Sendable {
        let forwarded = Mutex<[WebUIProxy.Outgoing]>([])

        func forward(_ outgoing: WebUIProxy.Outgoing) -> WebUIProxy.Incoming {
            self.forwarded.withLock { $0.append(outgoing) }
            return WebUIProxy.Incoming(
                status: 201, headers: [(.contentType, "application/json")], body: ByteBuffer(string: #"{"ok":true}"#))
        }
    }

    struct ZooKeeperDown: Error {}

    func withApp(
        _ upstream: Upstream = Upstream(), masters: @escaping @Sendable () async throws -> [String] = { ["http://10.0.0.1:5050"] },
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router(context: AgoraRequestContext.self)
        WebUI(masters: masters).register(on: router)
        let targets: [WebUIProxy.Target: String] = [
            .framework("fw-1"): "http://127.0.0.1:8080", .agent("agent-1"): "http://10.0.0.7:5051", .framework("no-ui"): "",
        ]
        WebUIProxy(resolve: { targets[$0] }, forward: { upstream.forward($0) }, maxRequestBytes: 1 << 20).register(on: router)
        try await Application(router: router).test(.router, body)
    }

    @Test func rootRedirectsToTheUI() async throws {
        try await self.withApp { client in
            for path in ["/", "/ui"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .found)
                    #expect(response.headers[.location] == "/ui/")
                }
            }
        }
    }

    @Test func mastersAreListedForAUIWhoseMasterDies() async throws {
        try await self.withApp(masters: { ["http://10.0.0.1:5050", "http://10.0.0.2:5050"] }) { client in
            try await client.execute(uri: "/ui/api/masters", method: .get) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(object?["masters"] as? [String] == ["http://10.0.0.1:5050", "http://10.0.0.2:5050"])
            }
        }
        try await self.withApp(masters: { throw ZooKeeperDown() }) { client in
            try await client.execute(uri: "/ui/api/masters", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).hasPrefix("Cannot list the masters"))
            }
        }
    }

    @Test func indexIsHTMLWithThePageAnchors() async throws {
        try await self.withApp { client in
            try await client.execute(uri: "/ui/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let text = String(buffer: response.body)
                for page in ["overview", "frameworks", "agents", "roles", "offers", "tasks", "apps", "jobs"] {
                    #expect(text.contains("data-test-nav-\(page)"), "no nav link to \(page)")
                }
            }
        }
    }

    @Test func everyUIFileIsServedWithItsContentType() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.uiDirectory.path).sorted()
        #expect(names.count >= 10)
        #expect(Set(names) == Set(WebUIAssets.files.keys), "WebUIAssets.files must list every file in Sources/Master/UI")
        try await self.withApp { client in
            for name in names {
                let bytes = try Data(contentsOf: Self.uiDirectory.appendingPathComponent(name))
                try await client.execute(uri: "/ui/\(name)", method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    #expect(Data(buffer: response.body) == bytes, "\(name) differs from the source tree")
                    let expected = name.hasSuffix(".js") ? "text/javascript; charset=utf-8"
                        : name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".svg") ? "image/svg+xml" : "text/html; charset=utf-8"
                    #expect(response.headers[.contentType] == expected, "\(name)")
                }
            }
            try await client.execute(uri: "/ui/missing.js", method: .get) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func proxiesToAKnownFrameworkWithPathQueryMethodAndBody() async throws {
        let upstream = Upstream()
        try await self.withApp(upstream) { client in
            try await client.execute(
                uri: "/ui/proxy/framework/fw-1/v2/apps/web?embed=apps.counts", method: .put, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"instances":2}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"ok":true}"#)
            }
        }
        let sent = try #require(upstream.forwarded.withLock { $0 }.first)
        #expect(sent.method == .put)
        #expect(sent.url == "http://127.0.0.1:8080/v2/apps/web?embed=apps.counts")
        #expect(sent.contentType == "application/json")
        #expect(String(buffer: sent.body) == #"{"instances":2}"#)
    }

    @Test func proxiesOnlyAnAgentsFilesAPI() async throws {
        let upstream = Upstream()
        try await self.withApp(upstream) { client in
            try await client.execute(uri: "/ui/proxy/agent/agent-1/files/read?path=%2Fx&offset=0", method: .get) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/ui/proxy/agent/agent-1/state", method: .get) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(upstream.forwarded.withLock { $0.map(\.url) } == ["http://10.0.0.7:5051/files/read?path=%2Fx&offset=0"])
    }

    @Test func unknownTargetsAreRefused() async throws {
        let upstream = Upstream()
        try await self.withApp(upstream) { client in
            for path in ["/ui/proxy/framework/nobody/v2/apps", "/ui/proxy/agent/nobody/files/browse", "/ui/proxy/elsewhere/x/y"] {
                try await client.execute(uri: path, method: .get) { response in #expect(response.status == .notFound, "\(path)") }
            }
            try await client.execute(uri: "/ui/proxy/framework/no-ui/v2/apps", method: .get) { response in
                #expect(response.status == .badGateway)
            }
        }
        #expect(upstream.forwarded.withLock { $0.isEmpty })
    }

    @Test func proxyPathsParse() {
        #expect(WebUIProxy.parse(path: "/ui/proxy/framework/a%2Fb/v1/jobs")! == (.framework("a/b"), "/v1/jobs"))
        #expect(WebUIProxy.parse(path: "/ui/proxy/agent/s1")! == (.agent("s1"), "/"))
        #expect(WebUIProxy.parse(path: "/ui/proxy/framework//x") == nil)
    }
}
