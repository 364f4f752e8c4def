import AgoraHTTP
import Foundation
import SwiftProtobuf
import Yams

/// Renders operator API messages for people (tables) and scripts (JSON, YAML).
enum Render {
    /// A message in Mesos's JSON mapping, compact, on one line (event streams, `--watch`).
    static func line(_ message: some SwiftProtobuf.Message) throws -> String {
        try MesosJSON.encodeString(message)
    }

    /// A document (compact JSON text) as indented JSON or block YAML.
    static func document(_ json: String, as format: OutputFormat) throws -> String {
        switch format {
        case .yaml:
            guard let node = try Yams.compose(yaml: json) else { return "" }
            return try Yams.serialize(node: Self.block(node), indent: 2)
        default:
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// Messages as one JSON array document.
    static func array(_ messages: [some SwiftProtobuf.Message], as format: OutputFormat) throws -> String {
        try Self.document("[" + messages.map { try Self.line($0) }.joined(separator: ",") + "]", as: format)
    }

    /// One message as a document.
    static func single(_ message: some SwiftProtobuf.Message, as format: OutputFormat) throws -> String {
        try Self.document(Self.line(message), as: format)
    }

    /// JSON's flow style turned into YAML's block style, all the way down, with strings
    /// unquoted where YAML would read them back as the same string.
    private static func block(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (Self.block($0.key), Self.block($0.value)) }, mapping.tag, .block))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(Self.block), sequence.tag, .block))
        case .scalar(var scalar) where scalar.style == .doubleQuoted && Self.isPlainSafe(scalar.string):
            scalar.style = .plain
            return .scalar(scalar)
        default:
            return node
        }
    }

    /// Words, IDs and paths that YAML reads back as strings without quotes.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == "/" else { return false }
        let words: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        return !words.contains(text.lowercased())
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-./@():".contains($0)) }
            && !text.contains(": ") && !text.hasSuffix(":")
    }
}

/// Columns aligned with two spaces, headers in capitals (kubectl's look).
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { self.rows.append(cells) }
    mutating func add(_ cells: [String]) { self.rows.append(cells) }

    func render() -> String {
        let all = [self.headers] + self.rows
        let widths = self.headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// Writes to stdout at once (output may go to a pipe that a script reads line by line).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
