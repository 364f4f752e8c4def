import AgoraModel
import Coordination

extension MasterShell {
    /// Where the web UI proxy may send a request: a registered framework's `webui_url`, or a
    /// known agent's address (its files API).
    func webUIBase(of target: WebUIProxy.Target) -> String? {
        switch target {
        case .framework(let id):
            return self.core.frameworks[FrameworkID(id)]?.info.webuiURL
        case .agent(let id):
            guard let agent = self.core.agents[AgentID(id)] else { return nil }
            // Agents speak TLS when this master does: the process's settings are the cluster's.
            return "\(self.address?.scheme ?? "http")://\(agent.info.ip):\(agent.info.port)"
        }
    }

    /// This master's base URL as others reach it (nil until it listens).
    var baseURL: String? {
        self.address.map { "\($0.scheme)://\(HostPort(host: self.settings.advertisedHostname ?? $0.host, port: $0.port))" }
    }
}
