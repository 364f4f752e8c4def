import AgoraTLS
import ArgumentParser

/// Checks this process's `LIBPROCESS_SSL_*` settings before a server starts, loading the
/// key and certificates once: a bad setting or file stops the command with its message and
/// exit 2, as a bad flag does, rather than failing at the first connection.
func checkTLSEnvironment() throws {
    let settings: TLSSettings
    do {
        settings = try ProcessTLS.settings()
    } catch {
        throw ValidationError("TLS: \(error)")
    }
    guard settings.enabled else { return }
    do {
        _ = try settings.serverConfiguration()
        _ = try settings.clientConfiguration()
    } catch {
        throw ValidationError("TLS: cannot load \(TLSSettings.Name.keyFile) or \(TLSSettings.Name.certFile): \(error)")
    }
}
