import OfferMatching

/// A job as the core keeps it, independent of the API that created it. The Chronos view
/// (`ChronosJobCodec`) and the Metronome view (`MetronomeJobCodec`) convert to and from it;
/// docs/jobs-core.md has the field mapping and what each view cannot express.
public struct JobDefinition: Hashable, Sendable, Codable {
    /// Chronos `name` / Metronome `id`. Chronos names match `[\w.-]+`; Metronome ids are a subset.
    public var id: String
    /// Chronos and Metronome `description`.
    public var description = ""
    /// What runs, as a Mesos `CommandInfo`.
    public var command = JobCommand()
    /// What one task needs.
    public var resources = JobResources()
    /// Task environment in declaration order (Chronos `environmentVariables`, Metronome `env`).
    public var environment: [EnvironmentEntry] = []
    /// Unix user of the task (Chronos `runAsUser`, Metronome `run.user`); nil: the agent's default.
    public var user: String?
    /// Placement constraints (Chronos `EQUALS/LIKE/UNLIKE`, Metronome `IS/EQ/LIKE/UNLIKE`).
    public var constraints: [PlacementConstraint] = []
    /// URIs the agent's fetcher downloads (Chronos `fetch`/`uris`, Metronome `artifacts`).
    public var fetch: [FetchURI] = []
    /// When runs are created besides manual ones.
    public var trigger = JobTrigger.manual
    /// Missed runs, concurrency, retries, deadlines.
    public var policies = JobPolicies()
    /// Disabled jobs never launch, not even manually (Chronos `disabled`).
    public var disabled = false
    /// Metronome `labels`.
    public var labels: [String: String] = [:]
    /// Fields only the Chronos API knows; kept so its view round-trips.
    public var chronos = ChronosFields()
    /// Fields only the Metronome API knows; kept so its view round-trips.
    public var metronome = MetronomeFields()

    /// A job with every default (a manual, shell job running `""`).
    public init(id: String) { self.id = id }

    /// The schedule, when the job has one.
    public var schedule: ScheduleSpec? {
        if case .schedule(let spec) = self.trigger { return spec }
        return nil
    }

    /// Parent job names, when the job is dependent.
    public var parents: [String] {
        if case .parents(let names) = self.trigger { return names }
        return []
    }

    /// What one task needs from an offer.
    public var resourceDemand: ResourceDemand {
        ResourceDemand(cpus: self.resources.cpus, mem: self.resources.mem, disk: self.resources.disk,
                       gpus: Double(self.resources.gpus))
    }
}

/// A Mesos `CommandInfo`: `value` run through `/bin/sh -c` when `shell`, else executed with
/// `arguments` as its argv.
public struct JobCommand: Hashable, Sendable, Codable {
    /// The shell command, or the executable; nil only for Metronome `args` jobs (argv[0] is used).
    public var value: String?
    /// Run `value` through `/bin/sh -c`.
    public var shell: Bool
    /// argv for `shell == false` (Chronos passes its `arguments` verbatim, as Mesos does).
    public var arguments: [String]

    /// A command; the default is an empty shell command, Chronos's default.
    public init(value: String? = "", shell: Bool = true, arguments: [String] = []) {
        self.value = value
        self.shell = shell
        self.arguments = arguments
    }
}

/// Scalar resources of one task.
public struct JobResources: Hashable, Sendable, Codable {
    public var cpus: Double
    /// MB.
    public var mem: Double
    /// MB.
    public var disk: Double
    public var gpus: Int

    /// Resources; defaults are Metronome's (1 cpu, 128 MB, no disk).
    public init(cpus: Double = 1, mem: Double = 128, disk: Double = 0, gpus: Int = 0) {
        self.cpus = cpus
        self.mem = mem
        self.disk = disk
        self.gpus = gpus
    }
}

/// One environment variable: a value, or a reference to a Metronome secret (resolved by the shell).
public struct EnvironmentEntry: Hashable, Sendable, Codable {
    public var name: String
    /// The value; nil for a secret reference.
    public var value: String?
    /// Metronome `{"secret": "<name>"}`; `value` is nil then.
    public var secret: String?

    /// A plain variable.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A variable set from a secret.
    public init(name: String, secret: String) {
        self.name = name
        self.secret = secret
    }
}

/// A URI the fetcher downloads into the sandbox.
public struct FetchURI: Hashable, Sendable, Codable {
    public var uri: String
    /// Unpack archives.
    public var extract: Bool
    /// Set the executable bit.
    public var executable: Bool
    /// Use the fetcher cache.
    public var cache: Bool
    /// Chronos `output_file`: the name to store it under.
    public var outputFile: String?

    /// A fetch entry with Chronos's and Metronome's defaults (extract, not executable, no cache).
    public init(uri: String, extract: Bool = true, executable: Bool = false, cache: Bool = false, outputFile: String? = nil) {
        self.uri = uri
        self.extract = extract
        self.executable = executable
        self.cache = cache
        self.outputFile = outputFile
    }
}

/// Chronos-only fields, passed through unchanged.
public struct ChronosFields: Hashable, Sendable, Codable {
    /// Failure-mail recipients (comma-separated), passed as `CHRONOS_JOB_OWNER`.
    public var owner = ""
    public var ownerName = ""
    public var executor = ""
    public var executorFlags = ""
    public var taskInfoData = ""
    public var dataProcessingJobType = false
    /// The `container` object as given (only when it has an `image`, as Chronos parses it).
    public var container: JSONValue?

    /// Empty fields.
    public init() {}
}

/// Metronome-only fields, passed through unchanged (this framework runs commands; the shell may
/// map containers).
public struct MetronomeFields: Hashable, Sendable, Codable {
    /// `run.docker` as given.
    public var docker: JSONValue?
    public var ucr: JSONValue?
    public var volumes: JSONValue?
    public var secrets: JSONValue?
    public var networks: JSONValue?

    /// Empty fields.
    public init() {}
}
