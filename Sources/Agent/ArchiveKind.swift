import AgoraPosix

#if canImport(Glibc)
import Glibc
#endif

/// Archives the fetcher extracts, recognised by their name as Mesos does.
enum ArchiveKind {
    case tar
    case zip

    init?(_ name: String) {
        let lower = name.lowercased()
        let tars = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2"]
        if tars.contains(where: lower.hasSuffix) {
            self = .tar
        } else if lower.hasSuffix(".zip") {
            self = .zip
        } else {
            return nil
        }
    }

    /// Extracts `archive` into `directory` with `tar` or `unzip` (they pick the
    /// compression); fails with their diagnostics.
    func extract(_ archive: String, into directory: String) async throws {
        let arguments: [String] = switch self {
        case .tar: ["tar", "-C", directory, "-xf", archive]
        case .zip: ["unzip", "-o", "-q", archive, "-d", directory]
        }
        let errors = archive + ".extract-errors"
        guard let program = Spawner.locate(arguments[0], path: "/usr/local/bin:/usr/bin:/bin") else {
            throw ExtractionError(description: "cannot extract it: '\(arguments[0])' is not installed")
        }
        let pid = try Spawner.spawn(SpawnRequest(
            executable: program, arguments: arguments, environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            stdoutPath: "/dev/null", stderrPath: errors))
        let status = await ProcessReaper.shared.waitForExit(of: pid)
        let diagnostics = (try DurableFile.read(errors)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        unlink(errors)
        guard status == 0 else {
            throw ExtractionError(description: "extracting it failed (\(arguments[0]) exited with status \(status >> 8)): \(diagnostics.prefix(500))")
        }
    }
}

/// An archive that could not be extracted.
struct ExtractionError: Error, CustomStringConvertible {
    let description: String
}
