/// One action of a deployment step.
public struct DeploymentAction: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case start = "StartApplication"
        case scale = "ScaleApplication"
        case restart = "RestartApplication"
        case stop = "StopApplication"
    }

    public var kind: Kind
    public var appID: PathID
    /// Instances to kill first on a scale-down (`DELETE .../tasks?scale=true`).
    public var toKill: [String]

    public init(_ kind: Kind, _ appID: PathID, toKill: [String] = []) {
        self.kind = kind
        self.appID = appID
        self.toKill = toKill
    }
}

/// Actions that run concurrently; the next step starts when all are done.
public struct DeploymentStep: Hashable, Sendable, Codable {
    public var actions: [DeploymentAction]
    public init(actions: [DeploymentAction]) { self.actions = actions }
}

/// A running deployment (reference §4.1): from `original` to `target` app definitions.
public struct Deployment: Hashable, Sendable, Codable {
    public let id: String
    /// The version of the change that created it.
    public let version: Timestamp
    /// Affected apps before the change (absent: the app is new).
    public var original: [PathID: AppDefinition]
    /// Affected apps after the change (absent: the app is removed).
    public var target: [PathID: AppDefinition]
    public var steps: [DeploymentStep]
    /// Index of the running step (0-based; JSON's `currentStep` is this + 1).
    public var currentStep = 0
    public var startedAt: Timestamp
    /// Beyond Marathon: fails at this instant (from the apps' `deadlineSeconds`).
    public var deadline: Timestamp?
    public var rollbackOnDeadline = false
    /// Per-app progress of the current step's actions.
    public var progress: [PathID: ActionProgress] = [:]

    public init(id: String, version: Timestamp, original: [PathID: AppDefinition], target: [PathID: AppDefinition], steps: [DeploymentStep], startedAt: Timestamp) {
        self.id = id
        self.version = version
        self.original = original
        self.target = target
        self.steps = steps
        self.startedAt = startedAt
    }

    /// Apps this deployment acts on, sorted.
    public var affectedApps: [PathID] {
        Array(Set(self.steps.flatMap { $0.actions.map(\.appID) })).sorted()
    }

    public var currentActions: [DeploymentAction] {
        self.currentStep < self.steps.count ? self.steps[self.currentStep].actions : []
    }
}

/// Where one action stands; persisted with the deployment so it resumes after a restart.
public struct ActionProgress: Hashable, Sendable, Codable {
    /// Instances this action queued (scale/restart): these must become healthy and ready.
    public var startedInstances: Set<String> = []
    /// Restart: capacity bound from `RestartStrategy`.
    public var maxCapacity = 0
    /// Restart: old instances that may be killed so far (immediate kills + one per new ready instance).
    public var killAllowance = 0
    public var killsIssued = 0
    /// Restart: new instances that already earned a kill.
    public var readySeen: Set<String> = []
    /// Restart: old instances still to be replaced.
    public var oldInstances: Set<String> = []

    public init() {}
}
