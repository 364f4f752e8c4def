/// Launch throughput under two isolations measured in the same run, interleaved: the
/// figures of each, and what the isolation costs against the baseline.
struct IsolationComparison {
    let isolation: String
    let baseline: String
    let tasks: Int
    private(set) var rates: [String: [Double]] = [:]

    init(isolation: String, baseline: String, tasks: Int) {
        self.isolation = isolation
        self.baseline = baseline
        self.tasks = tasks
    }

    /// The agent's `--isolation` for a benchmark name: `cgroups` is every cgroup isolator.
    static func agentFlag(_ name: String) -> String {
        name == "cgroups" ? "cgroups/cpu,cgroups/mem,cgroups/pids" : name
    }

    mutating func record(_ isolation: String, _ tasksPerSecond: Double) {
        self.rates[isolation, default: []].append(tasksPerSecond)
    }

    /// Medians compared: ratio = isolation / baseline, cost = 1 - ratio (as a percentage).
    func json(floor: FloorMeasurement) -> String {
        let measured = self.rates[self.isolation] ?? []
        let base = self.rates[self.baseline] ?? []
        let ratio = Self.median(measured) / Self.median(base)
        let list = { (values: [Double]) in "[" + values.map(format3).joined(separator: ",") + "]" }
        let fields: [(String, String)] = [
            ("tasks", "\(self.tasks)"), ("rounds", "\(measured.count)"),
            ("isolation", "\"\(self.isolation)\""), ("baseline", "\"\(self.baseline)\""),
            ("tasks_per_second", list(measured)), ("baseline_tasks_per_second", list(base)),
            ("tasks_per_second_min", format3(measured.min() ?? 0)), ("tasks_per_second_max", format3(measured.max() ?? 0)),
            ("baseline_tasks_per_second_min", format3(base.min() ?? 0)), ("baseline_tasks_per_second_max", format3(base.max() ?? 0)),
            ("ratio_of_medians", format3(ratio)), ("cost_percent", format3((1 - ratio) * 100)),
            ("floor_sh_true_ms", format3(floor.shellP50)), ("floor_executor_start_ms", format3(floor.executorP50)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
