import OfferMatching

/// Cluster and timer inputs (everything that is not an API request).
public enum JobsInput: Hashable, Sendable {
    /// New offers. Each is either used (`.launch`) or declined in the same call.
    case offers([ResourceOffer])
    /// The master took an offer back; a held offer is forgotten.
    case offerRescinded(offerID: String)
    case statusUpdate(TaskStatusUpdate)
    /// The framework (re)subscribed: the core answers with reconciliation and its offer interest.
    case subscribed
    /// Time passed (answering `.wakeUp`).
    case tick
}

/// Which Chronos endpoint a job was posted to: it decides whether `schedule` or `parents` counts.
public enum ChronosJobKind: Hashable, Sendable {
    /// `POST /scheduler/iso8601`.
    case scheduled
    /// `POST /scheduler/dependency`.
    case dependent
}

/// API requests that change something. JSON bodies are passed parsed; the core decodes and
/// validates them. Read-only requests use the query methods.
public enum JobsCommand: Hashable, Sendable {
    /// Chronos `POST /iso8601` or `/dependency`: create or replace by name. 204.
    case chronosUpsert(JSONValue, kind: ChronosJobKind)
    /// Chronos `PUT /job/{name}?arguments=`: run now. 204.
    case chronosRun(name: String, arguments: String?)
    /// Chronos `PUT /job/success/{name}`: 200 text `marked job <n> as successful: true`.
    case chronosMarkSuccess(name: String)
    /// Chronos `DELETE /job/{name}`: re-wires children, kills running tasks. 204.
    case chronosDelete(name: String)
    /// Chronos `DELETE /task/kill/{name}`: kills the job's tasks and cancels its queued runs. 204.
    case chronosKillTasks(name: String)
    /// Metronome `POST /v1/jobs` (and `/v0/scheduled-jobs`, whose body may carry `schedules`). 201.
    case metronomeCreateJob(JSONValue)
    /// Metronome `PUT /v1/jobs/{id}` (keeps the schedules) or `/v0/scheduled-jobs/{id}`
    /// (`replaceSchedules`: the body's `schedules` replace them). 200.
    case metronomeUpdateJob(id: String, JSONValue, replaceSchedules: Bool)
    /// Metronome `DELETE /v1/jobs/{id}?stopCurrentJobRuns=`. 200 with the JobSpec.
    case metronomeDeleteJob(id: String, stopCurrentJobRuns: Bool)
    /// Metronome `POST /v1/jobs/{id}/schedules`. 201 with the ScheduleSpec.
    case metronomeCreateSchedule(jobID: String, JSONValue)
    /// Metronome `PUT /v1/jobs/{id}/schedules/{scheduleId}`. 200 with the ScheduleSpec.
    case metronomeUpdateSchedule(jobID: String, scheduleID: String, JSONValue)
    /// Metronome `DELETE /v1/jobs/{id}/schedules/{scheduleId}`. 200, empty body.
    case metronomeDeleteSchedule(jobID: String, scheduleID: String)
    /// Metronome `POST /v1/jobs/{id}/runs`: run now. 201 with the JobRun.
    case metronomeStartRun(jobID: String)
    /// Metronome `POST /v1/jobs/{id}/runs/{runId}/actions/stop`. 200 with the JobRun.
    case metronomeStopRun(jobID: String, runID: String)
}

/// The answer to a `JobsCommand`.
public enum JobsCommandResult: Hashable, Sendable {
    /// 204, empty body.
    case noContent
    /// 200 with an empty body (Metronome's schedule deletion).
    case okEmpty
    /// 200 with a JSON body.
    case ok(JSONValue)
    /// 201 with a JSON body.
    case created(JSONValue)
    /// 200 `text/plain`.
    case text(String)
    case failed(JobsAPIError)

    /// The HTTP status code.
    public var statusCode: Int {
        switch self {
        case .noContent: 204
        case .okEmpty, .ok, .text: 200
        case .created: 201
        case .failed(let error): error.statusCode
        }
    }
}

/// An API error with its status code and body in the shape of the API that was called.
public enum JobsAPIError: Error, Hashable, Sendable {
    /// Chronos: 400 `{"status":"Bad Request","message":...}` (also for an unknown job).
    case chronos(String)
    /// Metronome: 404 with `{"id","message"}`-style body.
    case notFound(JSONValue)
    /// Metronome: 409 `{"message"}`.
    case conflict(String)
    /// Metronome: 422 `{"message","details":[{"path","errors"}]}`.
    case invalid(ValidationFailure)

    /// The HTTP status code.
    public var statusCode: Int {
        switch self {
        case .chronos: 400
        case .notFound: 404
        case .conflict: 409
        case .invalid: 422
        }
    }

    /// The response body.
    public var json: JSONValue {
        switch self {
        case .chronos(let message): .object([("status", "Bad Request"), ("message", .string(message))])
        case .notFound(let body): body
        case .conflict(let message): .object([("message", .string(message))])
        case .invalid(let failure): failure.json
        }
    }

    /// The message, for logs and tests.
    public var message: String {
        switch self {
        case .chronos(let message), .conflict(let message): message
        case .notFound(let body): body["message"]?.stringValue ?? "not found"
        case .invalid(let failure): failure.description
        }
    }
}
