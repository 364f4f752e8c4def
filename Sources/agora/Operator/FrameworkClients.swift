import AgoraCommandLine
import AsyncHTTPClient
import Foundation
import Logging
import OperatorClient

/// The clients an app or job command needs: the master's, and the apps and jobs frameworks'.
struct FrameworkClients {
    let master: OperatorClient
    let apps: AppsClient
    let jobs: JobsClient
}

extension ConnectionOptions {
    /// Runs `body` with clients of the master and both frameworks (`--apps`, `--jobs`);
    /// failures become one-line messages and exit codes as in `withClient`.
    func withFrameworks<T>(_ body: (FrameworkClients) async throws -> T) async throws -> T {
        try await self.withClient { master in
            let http = OperatorClient.makeHTTPClient()
            let clients = FrameworkClients(master: master, apps: AppsClient(baseURL: self.apps, http: http), jobs: JobsClient(baseURL: self.jobs, http: http))
            do {
                let result = try await body(clients)
                try await http.shutdown()
                return result
            } catch {
                try await http.shutdown()
                throw error
            }
        }
    }
}

/// The contents of a definition file (`-` reads stdin).
func readDefinition(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
    return data
}

/// A JSON object (from a framework's answer) as indented JSON or YAML.
func renderJSON(_ value: Any, as format: OutputFormat) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    return try Render.document(String(decoding: data, as: UTF8.self), as: format)
}
