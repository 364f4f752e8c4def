import AppsCore

/// `GET /v2/deployments` items (reference §3.6).
enum DeploymentJSON {
    static func info(_ deployment: Deployment, core: AppsCore) -> JSONValue {
        let steps = JSONValue.array(deployment.steps.map { step in
            .object([("actions", .array(step.actions.map { self.action($0) }))])
        })
        let current = JSONValue.array(deployment.currentActions.map { action in
            guard case .object(var members) = self.action(action) else { return .null }
            members.append(("readinessCheckResults", .array(core.readinessResults(of: action.appID).map(\.json))))
            return .object(members)
        })
        return .object([
            ("id", .string(deployment.id)), ("version", .string(deployment.version.iso8601)),
            ("affectedApps", .array(deployment.affectedApps.map { .string($0.description) })), ("affectedPods", .array([])),
            ("steps", steps), ("currentActions", current),
            ("currentStep", .number(Double(min(deployment.currentStep + 1, deployment.steps.count)))),
            ("totalSteps", .number(Double(deployment.steps.count))),
        ])
    }

    private static func action(_ action: DeploymentAction) -> JSONValue {
        .object([("action", .string(action.kind.rawValue)), ("app", .string(action.appID.description))])
    }
}
