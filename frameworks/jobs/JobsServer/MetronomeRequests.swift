import AgoraServer
import Hummingbird
import JobsCore

/// Request parsing shared by Metronome's routes.
enum MetronomeRequests {
    /// Reads a JSON body, or the 400 Metronome answers for malformed JSON.
    static func body(_ request: Request, limit: Int) async -> Result<JSONValue, ResponseError> {
        var request = request
        do {
            switch try await JobsHTTP.body(&request, limit: limit) {
            case .success(let json): return .success(json)
            case .failure(let problem):
                return .failure(ResponseError(JobsHTTP.json(.object([
                    ("message", "Invalid JSON"),
                    ("details", .array([.object([("path", "/"), ("errors", .array([.string("\(problem)")]))])])),
                ]), status: .badRequest)))
            }
        } catch {
            return .failure(ResponseError(JobsHTTP.metronomeError("\(error)", status: .contentTooLarge)))
        }
    }

    /// The `embed` values asked for (repeatable); an unknown one is a 400 naming it.
    static func embeds(_ request: Request) -> Result<Set<MetronomeEmbed>, ResponseError> {
        var embeds: Set<MetronomeEmbed> = []
        for value in request.queryAll("embed") {
            guard let embed = MetronomeEmbed(rawValue: value) else {
                let allowed = MetronomeEmbed.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(ResponseError(JobsHTTP.metronomeError("Unknown embed '\(value)'. Allowed values: \(allowed)", status: .badRequest)))
            }
            embeds.insert(embed)
        }
        return .success(embeds)
    }

    /// A boolean query flag (`true`/`false`, any case); nil when absent, a 400 when neither.
    static func flag(_ request: Request, _ name: String) -> Result<Bool?, ResponseError> {
        guard let text = request.query(name) else { return .success(nil) }
        switch text.lowercased() {
        case "true": return .success(true)
        case "false": return .success(false)
        default:
            return .failure(ResponseError(JobsHTTP.metronomeError("Query parameter '\(name)' must be true or false, not '\(text)'", status: .badRequest)))
        }
    }
}
