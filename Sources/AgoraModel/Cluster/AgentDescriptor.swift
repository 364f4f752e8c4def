/// An agent as it describes itself when registering (Mesos `AgentInfo`).
public struct AgentDescriptor: Hashable, Sendable {
    /// Set when the agent re-registers with the ID it was given before.
    public var id: AgentID?
    public var hostname: String
    /// Address the agent serves on, for offer URLs and the operator API.
    public var ip: String
    public var port: Int
    public var resources: Resources
    public var attributes: [Attribute]

    public init(
        id: AgentID? = nil, hostname: String, ip: String = "127.0.0.1", port: Int = 5051,
        resources: Resources, attributes: [Attribute] = []
    ) {
        self.id = id
        self.hostname = hostname
        self.ip = ip
        self.port = port
        self.resources = resources
        self.attributes = attributes
    }
}

/// An agent attribute such as `rack:r1` (Mesos `Attribute`).
public struct Attribute: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case text(String)
        case scalar(Double)
        case ranges(ValueRanges)
        case set([String])
    }

    public var name: String
    public var value: Value

    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    /// Parses the agent flag format `rack:r1;zone:2;ports:[1-5];os:{a,b}`: numbers become
    /// scalars, `[...]` ranges, `{...}` sets, anything else text.
    public static func parse(_ text: String) throws(ResourceParseError) -> [Attribute] {
        try text.split(separator: ";").filter { !$0.allSatisfy(\.isWhitespace) }.map { token throws(ResourceParseError) in
            guard let colon = token.firstIndex(of: ":"), !token[..<colon].trimmed.isEmpty else {
                throw ResourceParseError("Bad attribute '\(token)': expected 'name:value'")
            }
            let name = String(token[..<colon].trimmed)
            let raw = token[token.index(after: colon)...].trimmed
            if raw.first == "[" || raw.first == "{" {
                switch try Resources.parse("x:" + raw).items.first?.value {
                case .ranges(let ranges): return Attribute(name: name, value: .ranges(ranges))
                case .set(let items): return Attribute(name: name, value: .set(items.sorted()))
                default: break
                }
            }
            if let number = Double(String(raw)), number.isFinite { return Attribute(name: name, value: .scalar(number)) }
            return Attribute(name: name, value: .text(String(raw)))
        }
    }
}
