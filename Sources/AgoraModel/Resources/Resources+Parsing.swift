/// Why a resource string could not be parsed; the message names the offending part.
public struct ResourceParseError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { self.message }
}

extension Resources {
    /// Parses the agent flag format: `cpus:4;mem:1024;ports:[31000-32000];disk(role):100;ids:{a,b}`.
    ///
    /// A value in `[...]` is a ranges resource, in `{...}` a set, otherwise a scalar. A role in
    /// parentheses makes a static reservation (`*` means unreserved). Repeated names combine.
    public static func parse(_ text: String) throws(ResourceParseError) -> Resources {
        var result = Resources()
        for token in text.split(separator: ";") where !token.allSatisfy(\.isWhitespace) {
            result.add(try Self.parseOne(Substring(token)))
        }
        return result
    }

    private static func parseOne(_ token: Substring) throws(ResourceParseError) -> Resource {
        guard let colon = token.firstIndex(of: ":") else {
            throw ResourceParseError("Bad resource '\(token)': expected 'name:value'")
        }
        let (name, role) = try Self.parseNameAndRole(token[..<colon].trimmed, in: token)
        let value = try Self.parseValue(token[token.index(after: colon)...].trimmed, of: token)
        var resource = Resource(name: name, value: value)
        if let role, role != Roles.defaultRole {
            if let problem = Roles.validate(role) { throw ResourceParseError(problem) }
            resource.reservations = [Reservation(role: role)]
        }
        return resource
    }

    private static func parseNameAndRole(
        _ text: Substring, in token: Substring
    ) throws(ResourceParseError) -> (String, String?) {
        guard let open = text.firstIndex(of: "(") else {
            guard !text.isEmpty else { throw ResourceParseError("Bad resource '\(token)': empty name") }
            return (String(text), nil)
        }
        guard text.last == ")" else { throw ResourceParseError("Bad resource '\(token)': unclosed '('") }
        let name = text[..<open].trimmed
        let role = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmed
        guard !name.isEmpty, !role.isEmpty else {
            throw ResourceParseError("Bad resource '\(token)': expected 'name(role):value'")
        }
        return (String(name), String(role))
    }

    private static func parseValue(_ text: Substring, of token: Substring) throws(ResourceParseError) -> ResourceValue {
        if text.first == "[" {
            guard text.last == "]" else { throw ResourceParseError("Bad ranges in '\(token)': missing ']'") }
            return .ranges(try Self.parseRanges(text.dropFirst().dropLast(), of: token))
        }
        if text.first == "{" {
            guard text.last == "}" else { throw ResourceParseError("Bad set in '\(token)': missing '}'") }
            let inner = text.dropFirst().dropLast()
            if inner.trimmed.isEmpty { return .set([]) }
            let items = inner.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmed) }
            guard !items.contains("") else { throw ResourceParseError("Bad set in '\(token)': empty item") }
            return .set(Set(items))
        }
        guard let amount = Double(String(text)), amount.isFinite, amount >= 0 else {
            throw ResourceParseError("Bad scalar in '\(token)': '\(text)' is not a non-negative number")
        }
        return .scalar(Scalar(amount))
    }

    private static func parseRanges(_ text: Substring, of token: Substring) throws(ResourceParseError) -> ValueRanges {
        var ranges: [ClosedRange<UInt64>] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map(\.trimmed)
            guard (1...2).contains(bounds.count),
                let low = UInt64(bounds[0]), let high = UInt64(bounds[bounds.count - 1]), low <= high
            else {
                throw ResourceParseError("Bad range '\(part.trimmed)' in '\(token)': expected 'begin-end' with begin <= end")
            }
            ranges.append(low...high)
        }
        return ValueRanges(ranges)
    }
}

extension Substring {
    var trimmed: Substring {
        let start = self.firstIndex(where: { !$0.isWhitespace }) ?? self.endIndex
        let end = self.lastIndex(where: { !$0.isWhitespace }).map { self.index(after: $0) } ?? start
        return self[start..<end]
    }
}
