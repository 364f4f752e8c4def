import AgoraServer
import HTTPTypes
import Hummingbird

/// What a master does with an API call, by its role (reference/mesos.md §1.2, §1.9).
enum Routing: Sendable, Equatable {
    case serve
    /// 307 to the leader, keeping path and query.
    case redirect(LeaderAddress)
    /// 503 with the reason.
    case unavailable(String)
}

extension MasterShell {
    var routing: Routing {
        switch self.role {
        case .leading: .serve
        case .recovering: .unavailable("Master has not finished recovery")
        case .standby(let leader?): .redirect(leader)
        case .standby(nil): .unavailable("No leader elected")
        }
    }
}

extension Routing {
    /// The answer for `request` when this master does not serve it; nil when it does.
    func refusal(for request: Request) -> Response? {
        switch self {
        case .serve:
            return nil
        case .unavailable(let reason):
            return .text(.serviceUnavailable, reason)
        case .redirect(let leader):
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return .text(.temporaryRedirect, headers: [.location: leader.redirectBase + request.uri.path + query])
        }
    }
}
