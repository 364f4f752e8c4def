import AgoraTLS
import ArgumentParser
import NIOSSL

/// Checks this process's `LIBPROCESS_SSL_*` settings before a server starts, loading the
/// key, certificates and CAs once: a bad setting or file stops the command with its message and
/// exit 2, as a bad flag does, rather than failing at the first connection.
func checkTLSEnvironment() throws {
    let settings: TLSSettings
    do {
        settings = try ProcessTLS.settings()
    } catch {
        throw ValidationError("TLS: \(error)")
    }
    guard settings.enabled else { return }
    // Making the contexts loads the key, the certificates and the CAs, as serving will.
    do {
        _ = try NIOSSLContext(configuration: try settings.serverConfiguration())
        _ = try NIOSSLContext(configuration: try settings.clientConfiguration())
    } catch {
        let files = [TLSSettings.Name.keyFile, TLSSettings.Name.certFile, TLSSettings.Name.caFile, TLSSettings.Name.caDir]
        throw ValidationError("TLS: cannot load \(files.joined(separator: ", ")): \(error)")
    }
}
