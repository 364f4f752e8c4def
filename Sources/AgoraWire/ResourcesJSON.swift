import AgoraHTTP
import AgoraModel

/// The v0 operator API's resource objects: `{"cpus":2.0,"gpus":0.0,"mem":1024.0,"disk":0.0,
/// "ports":"[31000-32000]"}` — the four standard scalars always present, ranges and sets as
/// strings (reference/mesos.md §7).
public enum ResourcesJSON {
    public static func object(_ resources: Resources) -> JSONValue {
        var pairs: [(String, JSONValue)] = ["cpus", "gpus", "mem", "disk"].map { ($0, .double(resources.scalar($0).doubleValue)) }
        var seen = Set(["cpus", "gpus", "mem", "disk"])
        for resource in resources where !seen.contains(self.key(resource)) {
            let key = self.key(resource)
            seen.insert(key)
            let same = resources.filter { self.key($0) == key }
            switch resource.value {
            case .scalar: pairs.append((key, .double(same.scalar(resource.name).doubleValue)))
            case .ranges: pairs.append((key, .string(same.ranges(resource.name).description)))
            case .set: pairs.append((key, .string("{" + same.items.flatMap { item -> [String] in
                if case .set(let values) = item.value { return values.sorted() }
                return []
            }.joined(separator: ",") + "}")))
            }
        }
        return .object(pairs)
    }

    /// Revocable resources get a `_revocable` suffix, as in Mesos.
    private static func key(_ resource: Resource) -> String {
        resource.isRevocable ? resource.name + "_revocable" : resource.name
    }

    /// Reserved resources grouped by role: `{"web":{...}}`.
    public static func byRole(_ resources: Resources) -> JSONValue {
        let roles = Set(resources.compactMap(\.reservedRole)).sorted()
        return .object(roles.map { ($0, self.object(resources.reserved(to: $0))) })
    }
}
