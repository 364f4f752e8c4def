import OfferMatching

/// Cluster and timer inputs (everything that is not an API request).
public enum AppsInput: Hashable, Sendable {
    /// New offers. Each is either used (`.launch`) or declined in the same call.
    case offers([ResourceOffer])
    /// The master took an offer back. Nothing is held between calls, so this only exists for completeness.
    case offerRescinded(offerID: String)
    case statusUpdate(TaskStatusUpdate)
    /// A framework-run health check result for `healthChecks[checkIndex]` of the task.
    case healthCheckResult(taskID: String, checkIndex: Int, alive: Bool, cause: String?)
    /// A readiness check result.
    case readinessCheckResult(ReadinessResult)
    /// The framework (re)subscribed: the core answers with reconciliation and its offer interest.
    case subscribed
    /// Time passed (answering `.wakeUp`).
    case tick
}

/// Who sent an API request, for `api_post_event`.
public struct RequestContext: Hashable, Sendable {
    public var clientIP: String
    public var uri: String
    public init(clientIP: String = "", uri: String = "") {
        self.clientIP = clientIP
        self.uri = uri
    }
}

/// API requests that change something (reference §2.3). JSON bodies are passed parsed; the
/// core decodes and validates them.
public enum AppsCommand: Hashable, Sendable {
    /// `POST /v2/apps`.
    case createApp(JSONValue, force: Bool)
    /// `PUT /v2/apps/{id}` (`createIfMissing`, `partial` = `partialUpdate`) or `PATCH` (no create).
    /// A body of only `version` (and `id`) rolls back to that version.
    case updateApp(id: String, JSONValue, partial: Bool, force: Bool, createIfMissing: Bool)
    /// `PUT /v2/apps` with a JSON array; one deployment for all.
    case updateApps(JSONValue, partial: Bool, force: Bool)
    case deleteApp(id: String, force: Bool)
    case restartApp(id: String, force: Bool)
    /// `DELETE /v2/apps/{id}/tasks` (`host` nil or `*` = all), `.../tasks/{taskId}`, and
    /// `POST /v2/tasks/delete` (with `appID` nil): kill, or with `scale` reduce instances.
    case killTasks(appID: String?, taskIDs: [String]?, host: String?, scale: Bool, wipe: Bool, force: Bool)
    /// `DELETE /v2/deployments/{id}`: without force a rollback deployment, with force just stop it.
    case deleteDeployment(id: String, force: Bool)
    /// `DELETE /v2/queue/{appId}/delay`.
    case resetDelay(appID: String)
}

/// `{"version","deploymentId"}` of a change.
public struct DeploymentRef: Hashable, Sendable {
    public var id: String
    public var version: Timestamp

    public init(id: String, version: Timestamp) {
        self.id = id
        self.version = version
    }

    public var json: JSONValue { .object([("version", .string(self.version.iso8601)), ("deploymentId", .string(self.id))]) }
}

/// The answer to an `AppsCommand`.
public enum AppsCommandResult: Hashable, Sendable {
    /// 201 with the app (AppInfo), `Location` and `Marathon-Deployment-Id`.
    case created(AppDefinition, DeploymentRef)
    /// 200 `{"version","deploymentId"}` + `Marathon-Deployment-Id`.
    case deployment(DeploymentRef)
    /// 200 `{"tasks":[...]}` (or `{"task":...}` for a single-task route): tasks being killed.
    case killed([TaskView])
    /// 202 with an empty body (forced deployment deletion).
    case accepted
    /// 204.
    case noContent
    case failed(AppsAPIError)
}

/// An API error with Marathon's status code and body (reference §2.2).
public enum AppsAPIError: Error, Hashable, Sendable {
    case notFound(String)
    case locked(deploymentIDs: [String])
    case conflict(String)
    case invalid(ValidationFailure)
    case badRequest(String)
    case forbidden(String)

    public var statusCode: Int {
        switch self {
        case .notFound: 404
        case .locked, .conflict: 409
        case .invalid: 422
        case .badRequest: 400
        case .forbidden: 403
        }
    }

    public var json: JSONValue {
        switch self {
        case .notFound(let message), .conflict(let message), .badRequest(let message), .forbidden(let message):
            .object([("message", .string(message))])
        case .locked(let ids):
            .object([
                ("message", .string("App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.")),
                ("deployments", .array(ids.map { .object([("id", .string($0))]) })),
            ])
        case .invalid(let failure): failure.json
        }
    }
}

extension AppsInput {
    /// A task staging, starting or running, not reported unhealthy: it can only move
    /// deployments forward, so converging after a run of them equals converging after each.
    /// Anything else may undo progress (a task ending, a failed check) or needs a converged
    /// state (offers must see what was queued).
    var onlyAddsProgress: Bool {
        guard case .statusUpdate(let update) = self else { return false }
        return [.staging, .starting, .running].contains(update.state) && update.healthy != false
    }
}
