/// Something clients of `/v2/events` hear about (reference §2.4, §5.4). Only types
/// marathon-python 0.13 knows are produced.
public enum AppsEvent: Hashable, Sendable {
    case apiPost(clientIP: String, uri: String, app: AppDefinition)
    /// A deployment's step `step` (0-based) started.
    case deploymentInfo(Deployment, step: Int)
    case deploymentStepSuccess(Deployment, step: Int)
    case deploymentStepFailure(Deployment, step: Int)
    case deploymentSuccess(Deployment)
    case deploymentFailed(Deployment, reason: String)
    case groupChangeSuccess(version: Timestamp)
    case statusUpdate(StatusUpdateEvent)
    case instanceChanged(instanceID: String, condition: String, appID: PathID, agentID: String, host: String, version: Timestamp)
    case unknownInstanceTerminated(instanceID: String, appID: PathID, condition: String)
    case healthStatusChanged(appID: PathID, instanceID: String, taskID: String, version: Timestamp, alive: Bool)
    case instanceHealthChanged(instanceID: String, appID: PathID, version: Timestamp, healthy: Bool?)
    case failedHealthCheck(appID: PathID, instanceID: String, healthCheck: HealthCheck)
    case unhealthyInstanceKill(appID: PathID, taskID: String, instanceID: String, version: Timestamp, reason: String, host: String, agentID: String)
    case appTerminated(appID: PathID)

    /// The `eventType` (and SSE `event:`) name.
    public var eventType: String {
        switch self {
        case .apiPost: "api_post_event"
        case .deploymentInfo: "deployment_info"
        case .deploymentStepSuccess: "deployment_step_success"
        case .deploymentStepFailure: "deployment_step_failure"
        case .deploymentSuccess: "deployment_success"
        case .deploymentFailed: "deployment_failed"
        case .groupChangeSuccess: "group_change_success"
        case .statusUpdate: "status_update_event"
        case .instanceChanged: "instance_changed_event"
        case .unknownInstanceTerminated: "unknown_instance_terminated_event"
        case .healthStatusChanged: "health_status_changed_event"
        case .instanceHealthChanged: "instance_health_changed_event"
        case .failedHealthCheck: "failed_health_check_event"
        case .unhealthyInstanceKill: "unhealthy_instance_kill_event"
        case .appTerminated: "app_terminated_event"
        }
    }
}

/// The fields of a `status_update_event`.
public struct StatusUpdateEvent: Hashable, Sendable {
    public var agentID: String
    public var taskID: String
    public var state: TaskState
    public var message: String
    public var appID: PathID
    public var host: String
    public var ports: [Int]
    public var version: Timestamp
}
