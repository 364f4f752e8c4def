import Foundation
import Logging

/// Logs one JSON object per line on stderr: `time` (ISO 8601, UTC), `level`, `label`,
/// `message`, `source`, then the metadata with its dotted keys (`task.id`). For log
/// shippers that read structured lines (`--log-format json`).
public struct JSONLogHandler: LogHandler {
    /// Metadata attached to every line.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: where each line goes (stderr by default).
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    /// One metadata entry.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "time": Self.timestamp(Date()), "level": event.level.rawValue, "label": self.label,
            "message": event.message.description, "source": event.source,
        ]
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged where fields[key] == nil { fields[key] = Self.json(value) }
        do {
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            self.write(String(decoding: data, as: UTF8.self) + "\n")
        } catch {
            // Metadata JSON cannot hold: the line still goes out, as text, with the reason.
            self.write("\(fields["time"] ?? "") \(event.level) \(self.label): \(event.message) (not JSON: \(error))\n")
        }
    }

    private static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(Self.json)
        case .dictionary(let entries): entries.mapValues(Self.json)
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Writes to stderr in one call, so lines of concurrent loggers do not interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// How the `agora` commands write logs.
public enum LogFormat: String, CaseIterable, Sendable {
    /// `2026-11-26T09:30:00+0000 info agora.master : message key=value` (swift-log's stream handler).
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json

    /// Bootstraps swift-log once for the process, at `level`.
    public func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch self {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
