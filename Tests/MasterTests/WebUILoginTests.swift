@testable import Master
import AgoraTestKit
import AgoraMetrics
import AgoraSecurity
import AgoraServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The web UI's login on the router test client, with the master's middlewares in the
/// master's order and the master's access policy: the cookie, reads through it, mutations
/// only with the CSRF token, logout, expiry, and the security headers.
@Suite struct WebUILoginTests {
    static let ops = "Basic b3BzOnMzY3JldA=="  // ops:s3cret
    static let wrong = "Basic b3BzOndyb25n"  // ops:wrong
    static let lifetime: Duration = .seconds(900)

    /// The stand-ins for the master's APIs: a read, and a change that counts.
    final class Backend: Sendable {
        let changes = Mutex(0)
        let clock = Mutex(ContinuousClock.now)
        func advance(_ duration: Duration) { self.clock.withLock { $0 += duration } }
    }

    static func policy(credentials: Credentials?) -> AccessPolicy {
        var settings = MasterSettings()
        settings.access = AccessPolicy(credentials: credentials, realm: "mesos")
        return settings.accessPolicy
    }

    func withApp(
        _ backend: Backend = Backend(), credentials: Credentials? = Credentials(["ops": "s3cret"]), registry: MetricsRegistry? = nil,
        audit: Logger? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let policy = Self.policy(credentials: credentials)
        let sessions = UISessions(lifetime: Self.lifetime, now: { backend.clock.withLock { $0 } })
        let login = WebUILogin(sessions: sessions, credentials: policy.credentials, secureCookie: false, registry: registry)
        let router = Router(context: AgoraRequestContext.self)
        login.addMiddleware(to: router)
        router.add(middleware: AccessMiddleware(policy: policy, style: .text, registry: registry, audit: audit))
        WebUI(masters: { ["http://10.0.0.1:5050"] }).register(on: router)
        login.register(on: router)
        router.get("/master/state") { _, context in Response.json(.object([("principal", .string(context.principal ?? "-"))])) }
        router.post("/api/v1") { _, context in
            backend.changes.withLock { $0 += 1 }
            return Response.json(.object([("principal", .string(context.principal ?? "-"))]))
        }
        try await Application(router: router).test(.router, body)
    }

    /// Logs in as ops: the cookie's session ID and the CSRF token.
    static func logIn(_ client: any TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        try await client.execute(uri: "/ui/api/login", method: .post, headers: [.authorization: Self.ops]) { response in
            #expect(response.status == .ok)
            let setCookie = try #require(response.headers[.setCookie])
            let id = try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            return ("agora_session=\(id)", try #require(object["csrfToken"] as? String))
        }
    }

    @Test func loginSetsAShortLivedHttpOnlySameSiteStrictCookie() async throws {
        try await self.withApp { client in
            try await client.execute(uri: "/ui/api/login", method: .post, headers: [.authorization: Self.ops]) { response in
                #expect(response.status == .ok)
                let cookie = try #require(response.headers[.setCookie])
                let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(attributes == ["Max-Age=900", "Path=/", "HttpOnly", "SameSite=Strict"])
                #expect(cookie.hasPrefix("agora_session=") && cookie.split(separator: ";")[0].count == "agora_session=".count + 43)
                #expect(response.headers[.cacheControl] == "no-store")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(object["principal"] as? String == "ops")
                #expect((object["csrfToken"] as? String)?.count == 43)
                #expect(object["expiresIn"] as? Int == 900)
            }
        }
    }

    @Test func wrongCredentialsAreRefusedWithoutACookie() async throws {
        try await self.withApp { client in
            let attempts: [(String?, HTTPResponse.Status)] = [
                (Self.wrong, .unauthorized), ("Basic bm9ib2R5OnMzY3JldA==", .unauthorized),  // nobody:s3cret
                ("token=s3cret", .badRequest), (nil, .badRequest),
            ]
            for (authorization, status) in attempts {
                var headers = HTTPFields()
                headers[.authorization] = authorization
                try await client.execute(uri: "/ui/api/login", method: .post, headers: headers) { response in
                    #expect(response.status == status, "\(authorization ?? "no header")")
                    #expect(response.headers[.setCookie] == nil)
                    #expect(response.headers[.wwwAuthenticate] == nil, "no browser prompt")
                    let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    #expect((object?["message"] as? String)?.isEmpty == false)
                }
            }
        }
        try await self.withApp(credentials: nil) { client in
            try await client.execute(uri: "/ui/api/login", method: .post, headers: [.authorization: Self.ops]) { response in
                #expect(response.status == .notFound, "protected mode: nothing to log in to")
            }
        }
    }

    @Test func failedLoginsAreCountedAndAuditedAsOtherRefusals() async throws {
        let registry = MetricsRegistry()
        let audit = CapturedLog()
        try await self.withApp(registry: registry, audit: Logger(label: "audit") { _ in audit }) { client in
            try await client.execute(uri: "/ui/api/login", method: .post, headers: [.authorization: Self.wrong]) { response in
                #expect(response.status == .unauthorized)
            }
            _ = try await Self.logIn(client)
        }
        #expect(String(decoding: registry.exposition(), as: UTF8.self).contains("agora_http_unauthorized_total 1"))
        let lines = audit.entries.withLock { $0 }
        #expect(lines.map { [$0["principal"], $0["method"], $0["path"], $0["status"]] } == [
            ["-", "POST", "/ui/api/login", "401"], ["-", "POST", "/ui/api/login", "200"],
        ])
    }

    @Test func theCookieServesReadsButAMutationNeedsTheCSRFToken() async throws {
        let backend = Backend()
        try await self.withApp(backend) { client in
            let (cookie, csrf) = try await Self.logIn(client)
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""principal":"ops""#))
            }
            for token in [nil, "", "wrong", String(csrf.dropLast())] as [String?] {
                var headers: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
                headers[UISessionMiddleware.csrfHeader] = token
                try await client.execute(uri: "/api/v1", method: .post, headers: headers, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .unauthorized, "token \(token ?? "none")")
                }
            }
            #expect(backend.changes.withLock { $0 } == 0, "a refused mutation changed something")
            try await client.execute(
                uri: "/api/v1", method: .post, headers: [.cookie: cookie, UISessionMiddleware.csrfHeader: csrf], body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""principal":"ops""#))
            }
            #expect(backend.changes.withLock { $0 } == 1)
            // The token without the cookie is nothing.
            try await client.execute(uri: "/api/v1", method: .post, headers: [UISessionMiddleware.csrfHeader: csrf]) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(backend.changes.withLock { $0 } == 1)
    }

    @Test func withoutTheCookieReadsAreRefused() async throws {
        try await self.withApp { client in
            _ = try await Self.logIn(client)
            try await client.execute(uri: "/master/state", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Basic realm="mesos""#, "API clients keep their challenge")
            }
            try await client.execute(uri: "/master/state", method: .get, headers: [UISessionMiddleware.requestedWith: "XMLHttpRequest"]) {
                response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == nil, "the UI's requests get no Basic challenge (no browser prompt)")
            }
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: "agora_session=forged"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/ui/api/masters", method: .get) { response in #expect(response.status == .unauthorized) }
            // Credentials still work as before, cookie or not.
            try await client.execute(uri: "/master/state", method: .get, headers: [.authorization: Self.ops]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func afterLogoutTheCookieIsRefused() async throws {
        try await self.withApp { client in
            let (cookie, csrf) = try await Self.logIn(client)
            try await client.execute(uri: "/ui/api/logout", method: .post, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized, "logout without the CSRF token")
            }
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok, "a refused logout ended nothing")
            }
            try await client.execute(uri: "/ui/api/logout", method: .post, headers: [.cookie: cookie, UISessionMiddleware.csrfHeader: csrf]) {
                response in
                #expect(response.status == .noContent)
                #expect(response.headers[.setCookie]?.hasPrefix("agora_session=; Max-Age=0;") == true)
            }
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/ui/api/session", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"principal":null,"login":true}"#)
            }
        }
    }

    @Test func anExpiredSessionIsRefused() async throws {
        let backend = Backend()
        try await self.withApp(backend) { client in
            let (cookie, _) = try await Self.logIn(client)
            backend.advance(.seconds(899))
            try await client.execute(uri: "/ui/api/session", method: .get, headers: [.cookie: cookie]) { response in
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(object?["principal"] as? String == "ops")
                #expect(object?["expiresIn"] as? Int == 1)
            }
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
            backend.advance(.seconds(1))
            try await client.execute(uri: "/master/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func theUIIsReachableBeforeLoginAndEveryResponseCarriesTheSecurityHeaders() async throws {
        try await self.withApp { client in
            let paths: [(String, HTTPRequest.Method, HTTPResponse.Status)] = [
                ("/ui/", .get, .ok), ("/ui/app.js", .get, .ok), ("/ui/login.js", .get, .ok), ("/ui/style.css", .get, .ok),
                ("/ui/api/session", .get, .ok), ("/", .get, .found), ("/master/state", .get, .unauthorized),
                ("/ui/api/login", .post, .badRequest), ("/ui/missing.js", .get, .unauthorized),
            ]
            for (path, method, status) in paths {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == status, "\(path)")
                    #expect(response.headers[.contentSecurityPolicy] == SecurityHeadersMiddleware<AgoraRequestContext>.contentSecurityPolicy, "\(path)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                }
            }
        }
        let policy = SecurityHeadersMiddleware<AgoraRequestContext>.contentSecurityPolicy
        for directive in ["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
            #expect(policy.contains(directive))
        }
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
    }

    /// The CSP allows no inline script or style: the UI's files must not need any.
    @Test func theUIHasNoInlineScriptOrStyle() throws {
        let html = String(decoding: WebUIAssets.files["index.html"] ?? [], as: UTF8.self)
        let scriptTags = html.components(separatedBy: "<script").dropFirst().map { tag in tag.prefix { $0 != ">" } }
        #expect(scriptTags.allSatisfy { $0.contains("src=") }, "inline <script>")
        #expect(!html.contains("<style") && !html.contains("style="), "inline style")
        #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "inline event handler")
        for (name, bytes) in WebUIAssets.files where name.hasSuffix(".js") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("href: 'javascript:"), "\(name): javascript: URLs are script the CSP refuses")
            #expect(!text.contains("setAttribute('style'") && !text.contains("innerHTML"), "\(name)")
            #expect(!text.contains("eval(") && !text.contains("new Function"), "\(name)")
        }
    }
}
