import AgoraModel

extension MasterShell {
    /// Where the web UI proxy may send a request: a registered framework's `webui_url`, or a
    /// known agent's address (its files API).
    func webUIBase(of target: WebUIProxy.Target) -> String? {
        switch target {
        case .framework(let id):
            return self.core.frameworks[FrameworkID(id)]?.info.webuiURL
        case .agent(let id):
            guard let agent = self.core.agents[AgentID(id)] else { return nil }
            return "http://\(agent.info.ip):\(agent.info.port)"
        }
    }
}
