import AgoraHTTP
import AgoraServer
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web UI's static files (embedded in the binary from `Sources/Master/UI`) at
/// `/ui/`, and sends `/` there; `/ui/api/masters` lists every master so a UI whose master
/// dies can go to another.
struct WebUI: Sendable {
    /// Every master's base URL (`http://host:port`), leader first.
    let masters: @Sendable () async throws -> [String]

    func register(on router: Router<AgoraRequestContext>) {
        router.get("/") { _, _ in Self.redirectToUI() }
        router.get("/ui/api/masters") { _, _ in
            do {
                return Response.json(.object([("masters", .array(try await self.masters().map { JSONValue.string($0) }))]))
            } catch {
                return Response.text(.serviceUnavailable, "Cannot list the masters: \(error)")
            }
        }
        // The router treats `/ui` and `/ui/` alike; the page's relative URLs need the slash.
        router.get("/ui") { request, _ in request.uri.path.hasSuffix("/") ? Self.serve("index.html") : Self.redirectToUI() }
        router.get("/ui/:file") { _, context in Self.serve(context.parameters.get("file") ?? "") }
    }

    /// What a browser must reach before it logs in: the page, its files, and the login
    /// routes. The master list stays behind authentication.
    static var openPaths: Set<String> {
        Set(["/", "/ui", "/ui/", WebUILogin.loginPath, WebUILogin.logoutPath, WebUILogin.sessionPath])
            .union(WebUIAssets.files.keys.map { "/ui/\($0)" })
    }

    private static func redirectToUI() -> Response {
        Response(status: .found, headers: [.location: "/ui/"])
    }

    static func serve(_ name: String) -> Response {
        guard let bytes = WebUIAssets.files[name] else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "No UI file \(name)\n")))
        }
        let headers: HTTPFields = [
            .contentType: WebUIAssets.contentType(of: name), .cacheControl: "no-cache", HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The UI's files by name. SwiftPM embeds each file of `UI/` as a byte array
/// (`PackageResources`, `.embedInCode`), so a static binary needs no resource bundle;
/// every file there must be listed here (a test checks).
enum WebUIAssets {
    static let files: [String: [UInt8]] = [
        "index.html": PackageResources.index_html,
        "style.css": PackageResources.style_css,
        "app.js": PackageResources.app_js,
        "api.js": PackageResources.api_js,
        "dom.js": PackageResources.dom_js,
        "table.js": PackageResources.table_js,
        "overview.js": PackageResources.overview_js,
        "frameworks.js": PackageResources.frameworks_js,
        "agents.js": PackageResources.agents_js,
        "roles.js": PackageResources.roles_js,
        "offers.js": PackageResources.offers_js,
        "tasks.js": PackageResources.tasks_js,
        "sandbox.js": PackageResources.sandbox_js,
        "apps.js": PackageResources.apps_js,
        "apps-detail.js": PackageResources.apps_detail_js,
        "jobs.js": PackageResources.jobs_js,
        "login.js": PackageResources.login_js,
        "favicon.svg": PackageResources.favicon_svg,
    ]

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
