import ArgumentParser

/// Parses a duration like `10`, `2.5`, `500ms`, `10s`, `5m`.
public func parseDuration(_ text: String) -> Duration? {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
        if let value = Double(text.dropLast(suffix.count)), value >= 0 { return .milliseconds(Int64(value * scale * 1000)) }
    }
    if let value = Double(text), value >= 0 { return .milliseconds(Int64(value * 1000)) }
    return nil
}

extension Duration: @retroactive ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = parseDuration(argument) else { return nil }
        self = value
    }
}
