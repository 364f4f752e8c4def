import Foundation

/// Who a rule is about: Mesos's ACL Entity — `{"values":[…]}`, `{"type":"ANY"}` or `{"type":"NONE"}`.
public enum ACLEntity: Equatable, Sendable {
    case any
    case none
    case values(Set<String>)

    /// Whether a request for `name` (nil: unauthenticated, or no particular object) falls
    /// under this entity, so that the rule decides: ANY and NONE take every request, values
    /// only the names they list.
    func matches(_ names: [String]?) -> Bool {
        switch self {
        case .any, .none: true
        case .values(let values): names?.contains(where: values.contains) ?? false
        }
    }

    /// Whether this entity lets a request for `name` through: ANY does, NONE does not, values
    /// do for the names they list.
    func allows(_ names: [String]?) -> Bool {
        switch self {
        case .any: true
        case .none: false
        case .values(let values): names?.contains(where: values.contains) ?? false
        }
    }
}

/// One rule of an action: its subjects (principals) and objects (roles, users, paths, …).
public struct ACLRule: Equatable, Sendable {
    public let principals: ACLEntity
    public let objects: ACLEntity
    public init(principals: ACLEntity, objects: ACLEntity) {
        self.principals = principals
        self.objects = objects
    }
}

/// Mesos's local ACLs: per action, rules in order; the first rule whose principals and objects
/// both match the request decides (allowed when both allow it); with no matching rule,
/// `permissive` decides. An unauthenticated request is the subject ANY: it falls under ANY
/// and NONE rules, and only ANY allows it.
public struct ACLs: Equatable, Sendable {
    public let permissive: Bool
    public let rules: [String: [ACLRule]]

    public init(permissive: Bool, rules: [String: [ACLRule]]) {
        self.permissive = permissive
        self.rules = rules
    }

    /// Mesos's actions and the field each one's objects are under.
    public static let objectFields: [String: String] = [
        "register_frameworks": "roles", "run_tasks": "users", "teardown_frameworks": "framework_principals",
        "reserve_resources": "roles", "unreserve_resources": "reserver_principals", "create_volumes": "roles",
        "destroy_volumes": "creator_principals", "get_quotas": "roles", "update_quotas": "roles", "update_weights": "roles",
        "view_roles": "roles", "get_endpoints": "paths", "view_frameworks": "users", "view_tasks": "users",
        "view_executors": "users", "view_flags": "flags", "access_sandboxes": "users", "access_mesos_logs": "logs",
        "register_agents": "agents", "drain_agents": "agents", "deactivate_agents": "agents", "reactivate_agents": "agents",
        "mark_agents_gone": "agents", "update_maintenance_schedules": "machines", "get_maintenance_schedules": "machines",
        "start_maintenances": "machines", "stop_maintenances": "machines", "get_maintenance_statuses": "machines",
        // Marathon-like, for the apps and jobs frameworks: objects are paths of apps, groups
        // and jobs; a rule on a group covers everything under it.
        "create_run_specs": "paths", "update_run_specs": "paths", "delete_run_specs": "paths", "view_run_specs": "paths",
    ]

    /// Actions whose objects are paths in a tree, where a rule on `/prod` covers `/prod/web`.
    public static let hierarchicalActions: Set<String> = ["create_run_specs", "update_run_specs", "delete_run_specs", "view_run_specs"]

    /// Whether `principal` (nil: unauthenticated) may do `action` on `object` (nil: no
    /// particular one).
    public func authorize(_ action: String, principal: String?, object: String?) -> Bool {
        let subject = principal.map { [$0] }
        let objects = object.map { Self.hierarchicalActions.contains(action) ? RunSpecPath.selfAndAncestors(of: $0) : [$0] }
        for rule in self.rules[action] ?? [] where rule.principals.matches(subject) && rule.objects.matches(objects) {
            return rule.principals.allows(subject) && rule.objects.allows(objects)
        }
        return self.permissive
    }
}

extension ACLs {
    /// Parses Mesos's ACL JSON. Unknown actions, a rule without its principals or objects
    /// field, and malformed entities are refused with the path to them (a typo in an ACL file
    /// must not silently allow everything).
    public static func parse(_ text: String) throws(SecurityConfigError) -> ACLs {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw SecurityConfigError("ACLs must be a JSON object")
            }
            object = parsed
        } catch let error as SecurityConfigError {
            throw error
        } catch {
            throw SecurityConfigError("ACLs are not valid JSON: \(error)")
        }
        var permissive = true
        var rules: [String: [ACLRule]] = [:]
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if key == "permissive" {
                guard let flag = value as? Bool else { throw SecurityConfigError("permissive must be true or false") }
                permissive = flag
                continue
            }
            guard let field = Self.objectFields[key] else {
                throw SecurityConfigError("unknown action '\(key)' (known: permissive, \(Self.objectFields.keys.sorted().joined(separator: ", ")))")
            }
            guard let list = value as? [[String: Any]] else { throw SecurityConfigError("\(key) must be a list of rules") }
            rules[key] = try list.enumerated().map { (index, rule) throws(SecurityConfigError) in
                let path = "\(key)[\(index)]"
                var objects = try Self.entity(rule[field], at: path + "." + field)
                if Self.hierarchicalActions.contains(key), case .values(let paths) = objects {
                    objects = .values(Set(paths.map(RunSpecPath.normalized)))
                }
                return ACLRule(principals: try Self.entity(rule["principals"], at: path + ".principals"), objects: objects)
            }
        }
        return ACLs(permissive: permissive, rules: rules)
    }

    private static func entity(_ value: Any?, at path: String) throws(SecurityConfigError) -> ACLEntity {
        guard let object = value as? [String: Any] else { throw SecurityConfigError("\(path) is missing or not an object") }
        if let values = object["values"] {
            guard object["type"] == nil, let list = values as? [String] else {
                throw SecurityConfigError("\(path) must have either values (a list of strings) or type")
            }
            return .values(Set(list))
        }
        switch object["type"] as? String {
        case "ANY": return .any
        case "NONE": return .none
        default: throw SecurityConfigError("\(path).type must be ANY or NONE")
        }
    }
}
