/// What `embed=` adds to an app (reference §2.3): `app.` and `apps.` prefixes both work,
/// unknown values are ignored.
struct AppEmbeds: OptionSet, Sendable {
    let rawValue: Int

    static let tasks = AppEmbeds(rawValue: 1 << 0)
    static let counts = AppEmbeds(rawValue: 1 << 1)
    static let deployments = AppEmbeds(rawValue: 1 << 2)
    static let readiness = AppEmbeds(rawValue: 1 << 3)
    static let lastTaskFailure = AppEmbeds(rawValue: 1 << 4)
    static let taskStats = AppEmbeds(rawValue: 1 << 5)

    /// What a single-app GET always carries.
    static let single: AppEmbeds = [.counts, .tasks, .lastTaskFailure, .deployments]
    /// What a list always carries.
    static let list: AppEmbeds = [.counts, .deployments]

    /// Parses `embed` values such as `apps.tasks` or `app.failures`.
    init(values: [String], base: AppEmbeds) {
        var embeds = base
        for value in values {
            let name = value.hasPrefix("apps.") ? value.dropFirst(5) : value.hasPrefix("app.") ? value.dropFirst(4) : value[...]
            switch name {
            case "tasks": embeds.insert(.tasks)
            case "counts": embeds.insert(.counts)
            case "deployments": embeds.insert(.deployments)
            case "readiness": embeds.insert(.readiness)
            case "lastTaskFailure": embeds.insert(.lastTaskFailure)
            case "failures": embeds.formUnion([.tasks, .lastTaskFailure, .deployments])
            case "taskStats": embeds.insert(.taskStats)
            default: continue
            }
        }
        self = embeds
    }

    init(rawValue: Int) { self.rawValue = rawValue }
}
