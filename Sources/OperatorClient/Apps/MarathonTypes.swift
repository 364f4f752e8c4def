import Foundation

/// An app as the apps framework's Marathon API shows it (the fields the CLI uses); `json` is
/// the whole object as served.
public struct MarathonApp: Sendable {
    /// The app's ID, `/web`.
    public var id: String
    public var instances: Int
    public var cpus: Double
    public var mem: Double
    public var disk: Double
    public var cmd: String?
    public var role: String?
    public var constraints: [[String]]
    /// The version (ISO 8601) of the current definition.
    public var version: String
    public var tasksRunning: Int
    public var tasksStaged: Int
    public var tasksHealthy: Int
    public var tasksUnhealthy: Int
    /// IDs of the deployments that change it now.
    public var deploymentIDs: [String]
    /// The app's JSON object, as served.
    public var json: [String: Any] { self.object.value }
    let object: JSONObjectBox
}

/// A JSON object carried in a Sendable value (it came from JSONSerialization and is never
/// mutated).
struct JSONObjectBox: @unchecked Sendable {
    let value: [String: Any]
}

extension MarathonApp {
    init(json object: [String: Any]) throws(OperatorClientError) {
        guard let id = object["id"] as? String else { throw OperatorClientError(kind: .unexpected, message: "an app without an id") }
        self.id = id
        self.instances = Self.int(object["instances"])
        self.cpus = object["cpus"] as? Double ?? 0
        self.mem = object["mem"] as? Double ?? 0
        self.disk = object["disk"] as? Double ?? 0
        self.cmd = object["cmd"] as? String
        self.role = object["role"] as? String
        self.constraints = (object["constraints"] as? [[Any]] ?? []).map { $0.map { "\($0)" } }
        self.version = object["version"] as? String ?? ""
        self.tasksRunning = Self.int(object["tasksRunning"])
        self.tasksStaged = Self.int(object["tasksStaged"])
        self.tasksHealthy = Self.int(object["tasksHealthy"])
        self.tasksUnhealthy = Self.int(object["tasksUnhealthy"])
        self.deploymentIDs = (object["deployments"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        self.object = JSONObjectBox(value: object)
    }

    static func int(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? 0 }
}

/// A deployment in progress (`GET /v2/deployments`).
public struct MarathonDeployment: Sendable {
    public var id: String
    public var version: String
    public var affectedApps: [String]
    /// 1-based, as Marathon counts.
    public var currentStep: Int
    public var totalSteps: Int
    /// `(action, app)` of the current step, e.g. `("ScaleApplication", "/web")`.
    public var currentActions: [(action: String, app: String)]
    /// The deployment's JSON object, as served.
    public var json: [String: Any] { self.object.value }
    let object: JSONObjectBox

    init(json object: [String: Any]) {
        self.id = object["id"] as? String ?? ""
        self.version = object["version"] as? String ?? ""
        self.affectedApps = object["affectedApps"] as? [String] ?? []
        self.currentStep = MarathonApp.int(object["currentStep"])
        self.totalSteps = MarathonApp.int(object["totalSteps"])
        self.currentActions = (object["currentActions"] as? [[String: Any]] ?? []).map { ($0["action"] as? String ?? "", $0["app"] as? String ?? "") }
        self.object = JSONObjectBox(value: object)
    }
}

/// An app waiting for offers (`GET /v2/queue`), and why.
public struct MarathonQueueItem: Sendable {
    public var appID: String
    /// Instances still to launch.
    public var count: Int
    /// False while the launch is held back by backoff.
    public var overdue: Bool
    public var backoffSecondsLeft: Double
    /// The apps framework's one-sentence reason (`processedOffersSummary.waitingReason`).
    public var waitingReason: String?
    /// Offers looked at, and how many were unused.
    public var processedOffers: Int
    public var unusedOffers: Int
    /// Per rejection reason (e.g. `InsufficientCpus`, `UnfulfilledConstraint`), how many of
    /// the processed offers it rejected.
    public var rejections: [(reason: String, declined: Int)]
    /// The item's JSON object, as served.
    public var json: [String: Any] { self.object.value }
    let object: JSONObjectBox

    init(json object: [String: Any]) {
        let app = object["app"] as? [String: Any] ?? [:]
        let delay = object["delay"] as? [String: Any] ?? [:]
        let summary = object["processedOffersSummary"] as? [String: Any] ?? [:]
        self.appID = app["id"] as? String ?? ""
        self.count = MarathonApp.int(object["count"])
        self.overdue = delay["overdue"] as? Bool ?? true
        self.backoffSecondsLeft = (delay["timeLeftSeconds"] as? NSNumber)?.doubleValue ?? 0
        self.waitingReason = summary["waitingReason"] as? String
        self.processedOffers = MarathonApp.int(summary["processedOffersCount"])
        self.unusedOffers = MarathonApp.int(summary["unusedOffersCount"])
        self.rejections = (summary["rejectSummaryLastOffers"] as? [[String: Any]] ?? []).compactMap { entry in
            let declined = MarathonApp.int(entry["declined"])
            guard declined > 0, let reason = entry["reason"] as? String else { return nil }
            return (reason, declined)
        }
        self.object = JSONObjectBox(value: object)
    }
}

/// What a change started: the deployment that carries it out, and whether it created the app.
public struct MarathonDeploymentRef: Sendable, Equatable {
    public var deploymentID: String
    public var version: String
    /// True when the change created the app.
    public var created: Bool
}
