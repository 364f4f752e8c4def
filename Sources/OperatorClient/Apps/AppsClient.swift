import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The apps framework's Marathon v2 API (`agora apps`, port 8080), typed for operators.
/// Errors: a missing app is `.notFound`; a definition the server rejects is `.badRequest`
/// with one line per invalid field.
public struct AppsClient: Sendable {
    /// The API used when neither an argument nor `AGORA_APPS` names one.
    public static let defaultURL = "http://127.0.0.1:8080"
    let rest: RESTClient

    /// - Parameters:
    ///   - baseURL: `http://host:port` (or `host:port`); nil reads `AGORA_APPS`, then `defaultURL`.
    ///   - http: the HTTP client; the caller shuts it down.
    public init(
        baseURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, http: HTTPClient,
        timeout: Duration = .seconds(30)
    ) {
        let url = normalizedBaseURL(baseURL ?? environment["AGORA_APPS"] ?? Self.defaultURL)
        self.rest = RESTClient(baseURL: url, name: "the apps framework", http: http, timeout: timeout)
    }

    /// The base URL in use.
    public var baseURL: String { self.rest.baseURL }

    /// Every app.
    public func apps() async throws(OperatorClientError) -> [MarathonApp] {
        let answer = try await self.rest.expectSuccess(.GET, "/v2/apps")
        let objects = (answer.json as? [String: Any])?["apps"] as? [[String: Any]] ?? []
        return try objects.map { object throws(OperatorClientError) in try MarathonApp(json: object) }
    }

    /// One app, with its tasks embedded in `json`.
    public func app(_ id: String) async throws(OperatorClientError) -> MarathonApp {
        let answer = try await self.rest.send(.GET, "/v2/apps" + Self.path(id) + "?embed=app.tasks&embed=app.lastTaskFailure")
        guard answer.status != 404 else { throw Self.missing(id) }
        guard answer.status == 200, let object = (answer.json as? [String: Any])?["app"] as? [String: Any] else { throw self.rest.failure(answer) }
        return try MarathonApp(json: object)
    }

    /// Creates the app `definition` describes, or replaces its definition (`PUT
    /// /v2/apps/{id}`, not partial: what the file leaves out takes its default).
    public func deploy(_ definition: Data) async throws(OperatorClientError) -> MarathonDeploymentRef {
        let id: String
        do {
            guard let object = try JSONSerialization.jsonObject(with: definition) as? [String: Any] else {
                throw OperatorClientError(kind: .badRequest, message: "the app definition is not a JSON object")
            }
            guard let text = object["id"] as? String, !text.isEmpty else {
                throw OperatorClientError(kind: .badRequest, message: "the app definition has no \"id\"")
            }
            id = text
        } catch let error as OperatorClientError {
            throw error
        } catch {
            throw OperatorClientError(kind: .badRequest, message: "the app definition is not valid JSON: \(error.localizedDescription)")
        }
        let answer = try await self.rest.send(.PUT, "/v2/apps" + Self.path(id) + "?partialUpdate=false", body: definition)
        return try self.deploymentRef(answer, created: answer.status == 201)
    }

    /// Sets the number of instances.
    public func scale(_ id: String, to instances: Int) async throws(OperatorClientError) -> MarathonDeploymentRef {
        // A PUT to a missing app would create it (Marathon's rule): make sure it exists.
        _ = try await self.versions(id)
        return try await self.change(.PUT, id, body: ["instances": instances])
    }

    /// Replaces every instance (rolling, as the upgrade strategy says).
    public func restart(_ id: String) async throws(OperatorClientError) -> MarathonDeploymentRef {
        try await self.change(.POST, id, suffix: "/restart")
    }

    /// Goes back to `version`, or to the version before the current one.
    public func rollback(_ id: String, to version: String? = nil) async throws(OperatorClientError) -> MarathonDeploymentRef {
        var target = version
        if target == nil {
            let versions = try await self.versions(id)
            guard versions.count >= 2 else {
                throw OperatorClientError(kind: .badRequest, message: "app \(Self.path(id)) has no earlier version to roll back to")
            }
            target = versions[1]
        } else {
            _ = try await self.versions(id)
        }
        return try await self.change(.PUT, id, body: ["version": target!])
    }

    /// Stops and removes the app.
    public func delete(_ id: String) async throws(OperatorClientError) -> MarathonDeploymentRef {
        try await self.change(.DELETE, id)
    }

    /// The app's versions, newest first.
    public func versions(_ id: String) async throws(OperatorClientError) -> [String] {
        let answer = try await self.rest.send(.GET, "/v2/apps" + Self.path(id) + "/versions")
        guard answer.status != 404 else { throw Self.missing(id) }
        guard answer.status == 200 else { throw self.rest.failure(answer) }
        return ((answer.json as? [String: Any])?["versions"] as? [String] ?? []).sorted(by: >)
    }

    /// The deployments in progress.
    public func deployments() async throws(OperatorClientError) -> [MarathonDeployment] {
        let answer = try await self.rest.expectSuccess(.GET, "/v2/deployments")
        return (answer.json as? [[String: Any]] ?? []).map(MarathonDeployment.init(json:))
    }

    /// The apps waiting for offers, each with the framework's reason.
    public func queue() async throws(OperatorClientError) -> [MarathonQueueItem] {
        let answer = try await self.rest.expectSuccess(.GET, "/v2/queue")
        return ((answer.json as? [String: Any])?["queue"] as? [[String: Any]] ?? []).map(MarathonQueueItem.init(json:))
    }

    /// The apps framework's Mesos framework ID (from `/v2/info`), nil before it registered.
    public func frameworkID() async throws(OperatorClientError) -> String? {
        let answer = try await self.rest.expectSuccess(.GET, "/v2/info")
        return (answer.json as? [String: Any])?["frameworkId"] as? String
    }

    /// `/web` for `web` or `/web`.
    public static func path(_ id: String) -> String { id.hasPrefix("/") ? id : "/" + id }

    static func missing(_ id: String) -> OperatorClientError {
        OperatorClientError(kind: .notFound, status: 404, message: "app \(Self.path(id)) not found")
    }

    private func change(_ method: HTTPMethod, _ id: String, suffix: String = "", body: [String: Any]? = nil) async throws(OperatorClientError) -> MarathonDeploymentRef {
        var data: Data?
        if let body {
            do { data = try JSONSerialization.data(withJSONObject: body) } catch {
                throw OperatorClientError(kind: .unexpected, message: "cannot encode \(body): \(error)")
            }
        }
        let answer = try await self.rest.send(method, "/v2/apps" + Self.path(id) + suffix, body: data)
        guard answer.status != 404 else { throw Self.missing(id) }
        return try self.deploymentRef(answer, created: false)
    }

    private func deploymentRef(_ answer: RESTClient.Answer, created: Bool) throws(OperatorClientError) -> MarathonDeploymentRef {
        guard (200..<300).contains(answer.status) else { throw Self.validationFailure(answer) ?? self.rest.failure(answer) }
        let object = answer.json as? [String: Any] ?? [:]
        let id = object["deploymentId"] as? String ?? (object["deployments"] as? [[String: Any]])?.first?["id"] as? String ?? ""
        return MarathonDeploymentRef(deploymentID: id, version: object["version"] as? String ?? "", created: created)
    }

    /// Marathon's `{"message", "details":[{path, errors}]}` as one line per field.
    static func validationFailure(_ answer: RESTClient.Answer) -> OperatorClientError? {
        guard answer.status == 422 || answer.status == 400, let object = answer.json as? [String: Any],
            let details = object["details"] as? [[String: Any]], !details.isEmpty
        else { return nil }
        let lines = details.map { detail in
            "  \(detail["path"] as? String ?? "/"): \((detail["errors"] as? [String] ?? []).joined(separator: "; "))"
        }
        let message = (object["message"] as? String ?? "invalid app definition")
        return OperatorClientError(kind: .badRequest, status: answer.status, message: ([message + ":"] + lines).joined(separator: "\n"))
    }
}

/// `http://host:port` for `host:port` or `http://host:port/`.
func normalizedBaseURL(_ text: String) -> String {
    var url = text.contains("://") ? text : "http://" + text
    while url.hasSuffix("/") { url.removeLast() }
    return url
}
