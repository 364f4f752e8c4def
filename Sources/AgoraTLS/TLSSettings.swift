/// TLS for Agora's servers and clients, configured as Mesos's libprocess is: from the
/// `LIBPROCESS_SSL_*` environment variables (docs/security.md, "TLS").
///
/// Pure: parsing reads only the dictionary it is given; whether files can be read is asked
/// of a `FileCheck`, so tests need no files.
public struct TLSSettings: Sendable, Equatable {
    /// Whether servers serve TLS and clients speak it (`LIBPROCESS_SSL_ENABLED`).
    public var enabled = false
    /// PEM private key of this process's certificate (`LIBPROCESS_SSL_KEY_FILE`).
    public var keyFile: String?
    /// PEM certificate (chain) servers present, and clients present when set (`LIBPROCESS_SSL_CERT_FILE`).
    public var certificateFile: String?
    /// PEM file of CA certificates to trust (`LIBPROCESS_SSL_CA_FILE`).
    public var caFile: String?
    /// OpenSSL-style (hashed) directory of CA certificates to trust (`LIBPROCESS_SSL_CA_DIR`).
    public var caDirectory: String?
    /// Servers refuse clients without a certificate signed by a trusted CA
    /// (`LIBPROCESS_SSL_REQUIRE_CLIENT_CERT`, formerly `LIBPROCESS_SSL_REQUIRE_CERT`).
    public var requireClientCertificate = false
    /// Clients check the server's certificate and name (`LIBPROCESS_SSL_VERIFY_SERVER_CERT`,
    /// formerly `LIBPROCESS_SSL_VERIFY_CERT`). Off by default, as in Mesos.
    public var verifyServerCertificate = false
    /// Servers also accept plaintext on the same port (`LIBPROCESS_SSL_SUPPORT_DOWNGRADE`).
    public var supportDowngrade = false
    /// Allow TLS 1.3 besides TLS 1.2 (`LIBPROCESS_SSL_ENABLE_TLS_V1_3`); off by default, as in Mesos.
    public var enableTLS13 = false

    /// TLS off: plaintext everywhere.
    public static let disabled = TLSSettings()

    /// Memberwise, for tests and embedders that do not configure through the environment.
    public init(
        enabled: Bool = false, keyFile: String? = nil, certificateFile: String? = nil, caFile: String? = nil,
        caDirectory: String? = nil, requireClientCertificate: Bool = false, verifyServerCertificate: Bool = false,
        supportDowngrade: Bool = false, enableTLS13: Bool = false
    ) {
        self.enabled = enabled
        self.keyFile = keyFile
        self.certificateFile = certificateFile
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.requireClientCertificate = requireClientCertificate
        self.verifyServerCertificate = verifyServerCertificate
        self.supportDowngrade = supportDowngrade
        self.enableTLS13 = enableTLS13
    }

    /// Reads the `LIBPROCESS_SSL_*` variables of `environment`. Every boolean is checked
    /// even when TLS is off (a typo should not pass silently); files are checked only when
    /// TLS is on, as only then are they used.
    public init(environment: [String: String], files: FileCheck = .system) throws(TLSSettingsError) {
        let reader = EnvironmentReader(environment: environment)
        self.enabled = try reader.flag(Name.enabled)
        self.requireClientCertificate = try reader.flag(Name.requireClientCert, alias: Name.requireCert)
        self.verifyServerCertificate = try reader.flag(Name.verifyServerCert, alias: Name.verifyCert)
        self.supportDowngrade = try reader.flag(Name.supportDowngrade)
        self.enableTLS13 = try reader.flag(Name.enableTLS13)
        self.keyFile = reader.path(Name.keyFile)
        self.certificateFile = reader.path(Name.certFile)
        self.caFile = reader.path(Name.caFile)
        self.caDirectory = reader.path(Name.caDir)
        if self.enabled { try self.checkFiles(files) }
    }

    /// With TLS on, a server needs its key and certificate, and every named file must be readable.
    private func checkFiles(_ files: FileCheck) throws(TLSSettingsError) {
        guard let keyFile else { throw .missing(Name.keyFile) }
        guard let certificateFile else { throw .missing(Name.certFile) }
        for (name, path) in [(Name.keyFile, keyFile), (Name.certFile, certificateFile), (Name.caFile, self.caFile)] {
            guard let path else { continue }
            if let reason = files.readableFile(path) { throw .unreadable(name, path: path, reason: reason) }
        }
        if let caDirectory, let reason = files.readableDirectory(caDirectory) {
            throw .unreadable(Name.caDir, path: caDirectory, reason: reason)
        }
    }

    /// The variable names, as Mesos spells them.
    public enum Name {
        public static let enabled = "LIBPROCESS_SSL_ENABLED"
        public static let keyFile = "LIBPROCESS_SSL_KEY_FILE"
        public static let certFile = "LIBPROCESS_SSL_CERT_FILE"
        public static let caFile = "LIBPROCESS_SSL_CA_FILE"
        public static let caDir = "LIBPROCESS_SSL_CA_DIR"
        public static let requireClientCert = "LIBPROCESS_SSL_REQUIRE_CLIENT_CERT"
        public static let requireCert = "LIBPROCESS_SSL_REQUIRE_CERT"
        public static let verifyServerCert = "LIBPROCESS_SSL_VERIFY_SERVER_CERT"
        public static let verifyCert = "LIBPROCESS_SSL_VERIFY_CERT"
        public static let supportDowngrade = "LIBPROCESS_SSL_SUPPORT_DOWNGRADE"
        public static let enableTLS13 = "LIBPROCESS_SSL_ENABLE_TLS_V1_3"
    }
}

/// A `LIBPROCESS_SSL_*` setting that cannot be used; the description names the variable.
public enum TLSSettingsError: Error, Equatable, CustomStringConvertible {
    /// A boolean other than true, false, 1 or 0.
    case notABoolean(String, value: String)
    /// A variable and its legacy alias disagree.
    case conflicting(String, alias: String)
    /// TLS is on but a file it needs is not named.
    case missing(String)
    /// A named file or directory cannot be read.
    case unreadable(String, path: String, reason: String)

    public var description: String {
        switch self {
        case .notABoolean(let name, let value): "\(name)=\(value): use true, false, 1 or 0"
        case .conflicting(let name, let alias): "\(name) and its old name \(alias) disagree; set only \(name)"
        case .missing(let name): "\(TLSSettings.Name.enabled) is on but \(name) is not set"
        case .unreadable(let name, let path, let reason): "\(name)=\(path): \(reason)"
        }
    }
}

/// Reads variables, remembering nothing: a small helper so each setting is one line.
private struct EnvironmentReader {
    let environment: [String: String]

    /// Mesos's booleans: true/false or 1/0 (any case); absent or empty is false.
    func flag(_ name: String) throws(TLSSettingsError) -> Bool {
        guard let raw = self.environment[name], !raw.isEmpty else { return false }
        switch raw.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .notABoolean(name, value: raw)
        }
    }

    /// `name`, else its legacy `alias`; both set must agree.
    func flag(_ name: String, alias: String) throws(TLSSettingsError) -> Bool {
        let current = try self.flag(name)
        guard self.environment[alias] != nil else { return current }
        let legacy = try self.flag(alias)
        if self.environment[name] != nil && legacy != current { throw .conflicting(name, alias: alias) }
        return current || legacy
    }

    /// A path; an empty value counts as unset.
    func path(_ name: String) -> String? {
        guard let value = self.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
