/// Marathon's `label` filter: comma-separated terms, all of which must hold —
/// `k` (present), `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`.
struct LabelSelector: Sendable {
    enum Term: Sendable {
        case exists(String)
        case equals(String, String)
        case notEquals(String, String)
        case within(String, Set<String>)
        case notWithin(String, Set<String>)
    }

    let terms: [Term]

    /// Parses `text`; nil when it is not a selector.
    init?(_ text: String) {
        var terms: [Term] = []
        for part in Self.split(text) {
            guard let term = Self.term(part.trimmingSpaces) else { return nil }
            terms.append(term)
        }
        self.terms = terms
    }

    func matches(_ labels: [String: String]) -> Bool {
        self.terms.allSatisfy { term in
            switch term {
            case .exists(let key): labels[key] != nil
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .within(let key, let values): labels[key].map(values.contains) ?? false
            case .notWithin(let key, let values): !(labels[key].map(values.contains) ?? false)
            }
        }
    }

    /// Splits on commas outside parentheses.
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func term(_ text: String) -> Term? {
        if let range = text.range(of: "==") {
            return .equals(String(text[..<range.lowerBound]).trimmingSpaces, String(text[range.upperBound...]).trimmingSpaces)
        }
        if let range = text.range(of: "!=") {
            return .notEquals(String(text[..<range.lowerBound]).trimmingSpaces, String(text[range.upperBound...]).trimmingSpaces)
        }
        for (keyword, negated) in [(" notin ", true), (" in ", false)] {
            guard let range = text.range(of: keyword) else { continue }
            let key = String(text[..<range.lowerBound]).trimmingSpaces
            let list = String(text[range.upperBound...]).trimmingSpaces
            guard list.hasPrefix("("), list.hasSuffix(")") else { return nil }
            let values = Set(list.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingSpaces })
            return negated ? .notWithin(key, values) : .within(key, values)
        }
        guard !text.isEmpty, !text.contains(" ") else { return nil }
        return .exists(text)
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
