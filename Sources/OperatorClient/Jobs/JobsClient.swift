import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The jobs framework's Chronos API (`agora jobs`, port 4400, under `/v1/scheduler`), typed
/// for operators. Chronos answers every error with 400; an unknown job becomes `.notFound`.
public struct JobsClient: Sendable {
    /// The API used when neither an argument nor `AGORA_JOBS` names one.
    public static let defaultURL = "http://127.0.0.1:4400"
    let rest: RESTClient

    /// - Parameters:
    ///   - baseURL: `http://host:port` (or `host:port`); nil reads `AGORA_JOBS`, then `defaultURL`.
    ///   - http: the HTTP client; the caller shuts it down.
    public init(
        baseURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, http: HTTPClient,
        timeout: Duration = .seconds(30)
    ) {
        let url = normalizedBaseURL(baseURL ?? environment["AGORA_JOBS"] ?? Self.defaultURL)
        self.rest = RESTClient(baseURL: url, name: "the jobs framework", http: http, timeout: timeout)
    }

    /// The base URL in use.
    public var baseURL: String { self.rest.baseURL }

    /// Every job Chronos's format can express, with its last outcome and current state.
    public func jobs() async throws(OperatorClientError) -> [ChronosJobSummary] {
        let answer = try await self.send(.GET, "/jobs/summary", job: nil)
        let objects = (answer.json as? [String: Any])?["jobs"] as? [[String: Any]] ?? []
        return objects.map { object in
            ChronosJobSummary(
                name: object["name"] as? String ?? "", status: object["status"] as? String ?? "", state: object["state"] as? String ?? "",
                schedule: object["schedule"] as? String ?? "", parents: object["parents"] as? [String] ?? [],
                disabled: object["disabled"] as? Bool ?? false)
        }
    }

    /// One job.
    public func job(_ name: String) async throws(OperatorClientError) -> ChronosJob {
        let answer = try await self.send(.GET, "/job/" + Self.escaped(name), job: name)
        guard let object = answer.json as? [String: Any] else { throw OperatorClientError(kind: .unexpected, message: "job \(name): not a JSON object") }
        return ChronosJob(json: object)
    }

    /// Creates or replaces the job `definition` describes: a dependent job (with `parents`)
    /// or a scheduled one. Returns its name.
    @discardableResult
    public func add(_ definition: Data) async throws(OperatorClientError) -> String {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: definition) as? [String: Any] else {
                throw OperatorClientError(kind: .badRequest, message: "the job definition is not a JSON object")
            }
            object = parsed
        } catch let error as OperatorClientError {
            throw error
        } catch {
            throw OperatorClientError(kind: .badRequest, message: "the job definition is not valid JSON: \(error.localizedDescription)")
        }
        let dependent = !(object["parents"] as? [Any] ?? []).isEmpty
        _ = try await self.send(.POST, dependent ? "/dependency" : "/iso8601", job: nil, body: definition)
        return object["name"] as? String ?? ""
    }

    /// Runs the job now, with `arguments` appended to its command.
    public func run(_ name: String, arguments: String? = nil) async throws(OperatorClientError) {
        var path = "/job/" + Self.escaped(name)
        if let arguments { path += "?arguments=" + Self.escaped(arguments) }
        _ = try await self.send(.PUT, path, job: name)
    }

    /// Deletes the job (its tasks are killed).
    public func delete(_ name: String) async throws(OperatorClientError) {
        _ = try await self.send(.DELETE, "/job/" + Self.escaped(name), job: name)
    }

    /// The job's finished runs and skipped instants, newest first.
    public func history(_ name: String) async throws(OperatorClientError) -> [ChronosJobRun] {
        let answer = try await self.send(.GET, "/job/stat/" + Self.escaped(name), job: name)
        return ((answer.json as? [String: Any])?["runHistory"] as? [[String: Any]] ?? []).map(ChronosJobRun.init(json:))
    }

    /// Sends to `/v1/scheduler<path>`; Chronos's `Job 'x' not found` (a 400) becomes `.notFound`.
    private func send(_ method: HTTPMethod, _ path: String, job: String?, body: Data? = nil) async throws(OperatorClientError) -> RESTClient.Answer {
        let answer = try await self.rest.send(method, "/v1/scheduler" + path, body: body)
        guard (200..<300).contains(answer.status) else {
            if let job, answer.status == 400 || answer.status == 404, answer.message == "Job '\(job)' not found" {
                throw OperatorClientError(kind: .notFound, status: answer.status, message: "job \(job) not found")
            }
            throw self.rest.failure(answer)
        }
        return answer
    }

    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?&=;+"))) ?? text
    }
}
