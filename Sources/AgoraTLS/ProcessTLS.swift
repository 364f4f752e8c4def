import Foundation

/// This process's TLS settings, read once from its environment, as libprocess does: every
/// server and client of a process (several in `agora dev`) speaks the same way.
public enum ProcessTLS {
    /// The settings, or why the environment's cannot be used.
    public static let current: Result<TLSSettings, TLSSettingsError> = Result { () throws(TLSSettingsError) in
        try TLSSettings(environment: ProcessInfo.processInfo.environment)
    }

    /// The settings; throws the configuration error. Commands call it first, so a bad
    /// setting stops them at start with its message rather than at the first connection.
    public static func settings() throws(TLSSettingsError) -> TLSSettings {
        try self.current.get()
    }

    /// The settings when they are usable; nil when the environment's are not (then whoever
    /// needs them gets the error from `settings()`).
    public static var usable: TLSSettings? {
        guard case .success(let settings) = self.current else { return nil }
        return settings
    }
}
