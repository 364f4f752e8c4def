import Foundation

/// A job in the jobs framework's Chronos summary (`GET /v1/scheduler/jobs/summary`).
public struct ChronosJobSummary: Sendable, Equatable {
    public var name: String
    /// `success`, `failure` or `fresh`: how its last run ended.
    public var status: String
    /// `idle`, `queued` or `N running`.
    public var state: String
    /// ISO 8601 repeating interval (`R/2026-01-01T00:00:00Z/PT1H`), empty for dependent jobs.
    public var schedule: String
    public var parents: [String]
    public var disabled: Bool
}

/// A Chronos job (the fields the CLI shows); `json` is the whole object as served.
public struct ChronosJob: Sendable {
    public var name: String
    public var command: String
    public var schedule: String?
    public var parents: [String]
    public var cpus: Double
    public var mem: Double
    public var successCount: Int
    public var errorCount: Int
    public var lastSuccess: String
    public var lastError: String
    public var disabled: Bool
    /// The job's JSON object, as served.
    public var json: [String: Any] { self.object.value }
    let object: JSONObjectBox

    init(json object: [String: Any]) {
        self.name = object["name"] as? String ?? ""
        self.command = object["command"] as? String ?? ""
        self.schedule = object["schedule"] as? String
        self.parents = object["parents"] as? [String] ?? []
        self.cpus = (object["cpus"] as? NSNumber)?.doubleValue ?? 0
        self.mem = (object["mem"] as? NSNumber)?.doubleValue ?? 0
        self.successCount = MarathonApp.int(object["successCount"])
        self.errorCount = MarathonApp.int(object["errorCount"])
        self.lastSuccess = object["lastSuccess"] as? String ?? ""
        self.lastError = object["lastError"] as? String ?? ""
        self.disabled = object["disabled"] as? Bool ?? false
        self.object = JSONObjectBox(value: object)
    }
}

/// One finished run (or skipped instant) of a job, newest first in `JobsClient.history`.
public struct ChronosJobRun: Sendable {
    /// When it was due (ISO 8601).
    public var due: String
    /// `schedule`, `manual`, `dependency`, ...
    public var trigger: String
    /// `success`, `failure`, `skipped`, ...
    public var status: String
    public var reason: String?
    public var start: String?
    public var end: String
    /// Seconds from start to end.
    public var duration: Double?
    /// Seconds between due and start.
    public var lateness: Double?
    public var taskID: String?
    public var hostname: String?
    /// The entry's JSON object, as served.
    public var json: [String: Any] { self.object.value }
    let object: JSONObjectBox

    init(json object: [String: Any]) {
        self.due = object["dueTime"] as? String ?? ""
        self.trigger = object["trigger"] as? String ?? ""
        self.status = object["status"] as? String ?? ""
        self.reason = object["reason"] as? String
        self.start = object["startTime"] as? String
        self.end = object["endTime"] as? String ?? ""
        self.duration = (object["duration"] as? NSNumber)?.doubleValue
        self.lateness = (object["lateness"] as? NSNumber)?.doubleValue
        self.taskID = object["taskId"] as? String
        self.hostname = object["hostname"] as? String
        self.object = JSONObjectBox(value: object)
    }
}
