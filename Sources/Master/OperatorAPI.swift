import AgoraHTTP
import AgoraServer
import HTTPTypes
import Hummingbird

/// The read-only operator endpoints: `/version`, `/health`, `/redirect`, `/state` and
/// `/metrics/snapshot`, each also under `/master/` as Mesos serves them. GET endpoints
/// accept `?jsonp=callback`, as the Mesos web UI uses.
struct OperatorAPI {
    let shell: MasterShell
    let apiVersion: String
    let authorization: MasterAuthorization

    func register(on router: Router<AgoraRequestContext>) {
        router.get("/version") { request, _ in self.jsonp(self.version(), request) }
        for prefix in ["", "/master"] {
            router.get(RouterPath(prefix + "/health")) { _, _ in Response.text(.ok) }
            router.get(RouterPath(prefix + "/redirect")) { _, _ in await self.redirect() }
            for name in ["/state", "/state.json"] {
                router.get(RouterPath(prefix + name)) { request, context in
                    self.jsonp(await self.state(viewer: context.principal), request)
                }
            }
        }
        for path in ["/metrics/snapshot", "/master/metrics/snapshot"] {
            router.get(RouterPath(path)) { request, context in
                guard self.authorization.allows("get_endpoints", principal: context.principal, object: "/metrics/snapshot") else {
                    return Response.text(.forbidden, "Not authorized to GET /metrics/snapshot")
                }
                return self.jsonp(await self.metrics(), request)
            }
        }
    }

    private func version() -> JSONValue {
        .object([
            ("version", .string(self.apiVersion)),
            ("agora_version", .string(AgoraVersion.current)),
            ("build_date", .string(AgoraVersion.buildDate)),
            ("build_time", .double(0)),
            ("build_user", .string("agora")),
        ])
    }

    /// The state as `viewer` may see it.
    private func state(viewer: String?) async -> JSONValue {
        let (whole, address, role) = await (self.shell.core, self.shell.address, self.shell.role)
        let core = self.authorization.view(whole, principal: viewer)
        let hostname = self.shell.settings.advertisedHostname
        let view = MasterStateJSON.ListeningAddressView(
            host: address?.host ?? "127.0.0.1", hostname: hostname ?? address?.host ?? "127.0.0.1", port: address?.port ?? 0)
        return MasterStateJSON(
            core: core, address: view, apiVersion: self.apiVersion, role: role, startTime: self.shell.wallAtStart
        ).render()
    }

    private func metrics() async -> JSONValue {
        let (core, uptime, allocation, role, subscribers) = await (
            self.shell.core, self.shell.uptimeSeconds, self.shell.lastAllocationMilliseconds, self.shell.role,
            self.shell.operatorSinks.count)
        return MasterMetricsJSON(
            core: core, uptimeSeconds: uptime, lastAllocationMilliseconds: allocation, isElected: role.isLeading,
            operatorSubscribers: subscribers
        ).render()
    }

    /// Mesos answers `/redirect` with a protocol-relative Location to the leader (itself,
    /// when it leads), and 503 while no leader is elected.
    private func redirect() async -> Response {
        let (address, role) = await (self.shell.address, self.shell.role)
        switch role {
        case .leading:
            let hostname = self.shell.settings.advertisedHostname ?? address?.host ?? "127.0.0.1"
            return .text(.temporaryRedirect, headers: [.location: "//\(hostname):\(address?.port ?? 0)"])
        case .standby(let leader?):
            return .text(.temporaryRedirect, headers: [.location: leader.redirectBase])
        case .standby(nil), .recovering:
            return .text(.serviceUnavailable, "No leader elected")
        }
    }

    private func jsonp(_ value: JSONValue, _ request: Request) -> Response {
        guard let callback = request.uri.queryParameters["jsonp"].map(String.init), Self.isIdentifier(callback) else {
            return .json(value)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/javascript"],
            body: ResponseBody(byteBuffer: .init(string: callback + "(" + value.text + ");")))
    }

    private static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "$" }
    }
}
