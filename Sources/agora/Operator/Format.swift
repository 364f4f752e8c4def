import AgoraProto
import Foundation

/// Short forms for tables.
enum Format {
    /// `cpus:1.5 mem:256 ports:[31000-31002]`, one entry per name (amounts added up).
    static func resources(_ resources: [Agora_V1_Resource]) -> String {
        var scalars: [(String, Double)] = []
        var others: [String] = []
        for resource in resources {
            switch resource.type {
            case .scalar:
                if let index = scalars.firstIndex(where: { $0.0 == resource.name }) {
                    scalars[index].1 += resource.scalar.value
                } else {
                    scalars.append((resource.name, resource.scalar.value))
                }
            case .ranges:
                let ranges = resource.ranges.range.map { $0.begin == $0.end ? "\($0.begin)" : "\($0.begin)-\($0.end)" }
                others.append("\(resource.name):[\(ranges.joined(separator: ","))]")
            case .set:
                others.append("\(resource.name):{\(resource.set.item.joined(separator: ","))}")
            case .text:
                others.append(resource.name)
            }
        }
        let text = scalars.map { "\($0.0):\(Self.number($0.1))" } + others
        return text.isEmpty ? "-" : text.joined(separator: " ")
    }

    /// The scalar amount of `name` in `resources`.
    static func scalar(_ name: String, in resources: [Agora_V1_Resource]) -> Double {
        resources.filter { $0.name == name && $0.type == .scalar }.reduce(0) { $0 + $1.scalar.value }
    }

    /// `2`, `0.5`, `1.125`: at most three decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    /// `TASK_RUNNING` → `RUNNING`.
    static func state(_ state: Agora_V1_TaskState) -> String {
        String(Self.protoName(state).dropFirst("TASK_".count))
    }

    /// An enum value as its proto name: `taskRunning` → `TASK_RUNNING`.
    static func protoName(_ value: some Any) -> String {
        String(describing: value).reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }

    /// How long ago `time` was: `45s`, `12m`, `3h`, `2d`.
    static func age(_ time: Agora_V1_TimeInfo, now: Date = Date()) -> String {
        Self.age(seconds: now.timeIntervalSince1970 - Double(time.nanoseconds) / 1e9)
    }

    static func age(seconds: Double) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60: return "\(Int(seconds))s"
        case ..<3600: return "\(Int(seconds / 60))m"
        case ..<86_400: return "\(Int(seconds / 3600))h"
        default: return "\(Int(seconds / 86_400))d"
        }
    }

    /// `used/total` of a scalar, e.g. `1.5/4`.
    static func usage(_ used: Double, _ total: Double) -> String { "\(Self.number(used))/\(Self.number(total))" }
}
