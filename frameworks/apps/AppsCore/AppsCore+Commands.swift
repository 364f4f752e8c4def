extension AppsCore {
    mutating func dispatch(
        _ command: AppsCommand, context: RequestContext, now: Timestamp, _ out: inout [AppsDirective]
    ) -> AppsCommandResult {
        let outcome: Result<AppsCommandResult, AppsAPIError>
        switch command {
        case .createApp(let json, let force): outcome = self.createApp(json, force: force, context: context, now: now, &out)
        case .updateApp(let id, let json, let partial, let force, let create):
            outcome = self.updateApp(id, json, partial: partial, force: force, createIfMissing: create, context: context, now: now, &out)
        case .updateApps(let json, let partial, let force):
            outcome = self.updateApps(json, partial: partial, force: force, context: context, now: now, &out)
        case .deleteApp(let id, let force): outcome = self.deleteApp(id, force: force, now: now, &out)
        case .restartApp(let id, let force): outcome = self.restartApp(id, force: force, now: now, &out)
        case .killTasks(let appID, let taskIDs, let host, let scale, let wipe, let force):
            outcome = self.killTasks(appID: appID, taskIDs: taskIDs, host: host, scale: scale, wipe: wipe, force: force, now: now, &out)
        case .deleteDeployment(let id, let force): outcome = self.deleteDeployment(id, force: force, now: now, &out)
        case .resetDelay(let id): outcome = self.resetDelay(id, now: now)
        }
        switch outcome {
        case .success(let result): return result
        case .failure(let error): return .failed(error)
        }
    }

    private mutating func createApp(
        _ json: JSONValue, force: Bool, context: RequestContext, now: Timestamp, _ out: inout [AppsDirective]
    ) -> Result<AppsCommandResult, AppsAPIError> {
        guard case .object = json else { return .failure(.invalid(Self.notAnObject)) }
        guard let idText = json["id"]?.stringValue else {
            return .failure(.invalid(ValidationFailure(details: [ValidationDetail(path: "/id", errors: ["is required"])])))
        }
        let id = PathID(idText)
        var reader = JSONReader()
        let app = AppDefinition.applying(json, onto: AppDefinition(id: id), reader: &reader)
        if let failure = Self.validate(app, reader) { return .failure(.invalid(failure)) }
        guard self.apps[id] == nil else { return .failure(.conflict("An app with id [\(id)] already exists.")) }
        return self.deploy([id: app], force: force, context: context, now: now, &out).map { ref in
            .created(self.apps[id]!, ref)
        }
    }

    private mutating func updateApp(
        _ idText: String, _ json: JSONValue, partial: Bool, force: Bool, createIfMissing: Bool, context: RequestContext,
        now: Timestamp, _ out: inout [AppsDirective]
    ) -> Result<AppsCommandResult, AppsAPIError> {
        let id = PathID(idText)
        let current = self.apps[id]
        if current == nil && !createIfMissing { return .failure(.notFound("App '\(id)' does not exist")) }
        let desired: AppDefinition
        switch self.desiredDefinition(id, json, partial: partial, current: current) {
        case .success(let app): desired = app
        case .failure(let error): return .failure(error)
        }
        return self.deploy([id: desired], force: force, context: context, now: now, &out).map { ref in
            current == nil ? .created(self.apps[id]!, ref) : .deployment(ref)
        }
    }

    /// What an update body asks for: a rollback to a stored version, or the body merged into
    /// the current definition (`partial`) or replacing it.
    func desiredDefinition(_ id: PathID, _ json: JSONValue, partial: Bool, current: AppDefinition?) -> Result<AppDefinition, AppsAPIError> {
        guard let members = json.objectMembers else { return .failure(.invalid(Self.notAnObject)) }
        if let versionValue = json["version"], !versionValue.isNull {
            return self.rollbackDefinition(id, versionValue, otherKeys: members.map(\.0).filter { $0 != "id" && $0 != "version" })
        }
        var base = AppDefinition(id: id)
        if let current {
            if partial { base = current }
            base.versionInfo = current.versionInfo
            base.version = current.version
        }
        var reader = JSONReader()
        var app = AppDefinition.applying(json, onto: base, reader: &reader)
        app.id = id
        if let failure = Self.validate(app, reader) { return .failure(.invalid(failure)) }
        return .success(app)
    }

    private func rollbackDefinition(_ id: PathID, _ versionValue: JSONValue, otherKeys: [String]) -> Result<AppDefinition, AppsAPIError> {
        guard otherKeys.isEmpty else {
            return .failure(.invalid(ValidationFailure(details: [ValidationDetail(path: "/", errors: ["The 'version' field may only be combined with the 'id' field."])])))
        }
        guard let text = versionValue.stringValue, let version = Timestamp(iso8601: text) else {
            return .failure(.invalid(ValidationFailure(message: "Invalid JSON", details: [ValidationDetail(path: "/version", errors: ["error.expected.date.isoformat"])])))
        }
        guard let stored = self.versions[id]?.first(where: { $0.version == version }) else {
            return .failure(.notFound("App '\(id)' does not exist in version \(text)"))
        }
        var app = stored
        app.versionInfo = self.apps[id]?.versionInfo ?? stored.versionInfo
        return .success(app)
    }

    private mutating func updateApps(
        _ json: JSONValue, partial: Bool, force: Bool, context: RequestContext, now: Timestamp, _ out: inout [AppsDirective]
    ) -> Result<AppsCommandResult, AppsAPIError> {
        guard case .array(let items) = json else {
            return .failure(.invalid(ValidationFailure(message: "Invalid JSON", details: [ValidationDetail(path: "/", errors: ["error.expected.jsarray"])])))
        }
        var desired: [PathID: AppDefinition] = [:]
        var problems = ProblemList()
        for (index, item) in items.enumerated() {
            guard let idText = item["id"]?.stringValue else {
                problems.add("/(\(index))/id", "is required")
                continue
            }
            let id = PathID(idText)
            switch self.desiredDefinition(id, item, partial: partial, current: self.apps[id]) {
            case .success(let app): desired[id] = app
            case .failure(.invalid(let failure)):
                for detail in failure.details { for error in detail.errors { problems.add("/(\(index))" + (detail.path == "/" ? "" : detail.path), error) } }
            case .failure(let error): return .failure(error)
            }
        }
        if let failure = problems.failure { return .failure(.invalid(failure)) }
        return self.deploy(desired, force: force, context: context, now: now, &out).map { .deployment($0) }
    }

    private mutating func deleteApp(_ idText: String, force: Bool, now: Timestamp, _ out: inout [AppsDirective]) -> Result<AppsCommandResult, AppsAPIError> {
        let id = PathID(idText)
        guard self.apps[id] != nil else { return .failure(.notFound("App '\(id)' does not exist")) }
        return self.startDeployment(changes: [id: nil], force: force, now: now, &out).map { .deployment($0) }
    }

    private mutating func restartApp(_ idText: String, force: Bool, now: Timestamp, _ out: inout [AppsDirective]) -> Result<AppsCommandResult, AppsAPIError> {
        let id = PathID(idText)
        guard let app = self.apps[id] else { return .failure(.notFound("App '\(id)' does not exist")) }
        return self.startDeployment(changes: [id: app], restarts: [id], force: force, now: now, &out).map { .deployment($0) }
    }

    private mutating func resetDelay(_ idText: String, now: Timestamp) -> Result<AppsCommandResult, AppsAPIError> {
        let id = PathID(idText)
        guard let app = self.apps[id], self.instances.counts(of: id).queued > 0 else {
            return .failure(.notFound("Application \(id) not found in tasks queue."))
        }
        self.delays[BackoffKey(appID: id, configVersion: app.versionInfo.lastConfigChangeAt)] = nil
        self.newWork = true
        return .success(.noContent)
    }

    /// Validates and deploys changed definitions, emitting `api_post_event` for each.
    private mutating func deploy(
        _ desired: [PathID: AppDefinition], force: Bool, context: RequestContext, now: Timestamp, _ out: inout [AppsDirective]
    ) -> Result<DeploymentRef, AppsAPIError> {
        let result = self.startDeployment(changes: desired.mapValues { $0 }, force: force, now: now, &out)
        if case .success = result {
            for id in desired.keys.sorted() {
                if let app = self.apps[id] { out.append(.emit(.apiPost(clientIP: context.clientIP, uri: context.uri, app: app), at: now)) }
            }
        }
        return result
    }

    static func validate(_ app: AppDefinition, _ reader: JSONReader) -> ValidationFailure? {
        var problems = reader.problems
        if !problems.hasTypeErrors { problems.merge(AppValidation.problems(app)) }
        return problems.failure
    }

    static let notAnObject = ValidationFailure(message: "Invalid JSON", details: [ValidationDetail(path: "/", errors: ["error.expected.jsobject"])])
}
