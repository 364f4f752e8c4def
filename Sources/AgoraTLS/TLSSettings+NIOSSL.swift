import NIOSSL

extension TLSSettings {
    /// What servers present and check: the key and certificate; with
    /// `requireClientCertificate`, client certificates signed by the trusted CAs (names are
    /// not checked: clients are hosts and tools, not names). TLS 1.2 at least.
    public func serverConfiguration() throws -> TLSConfiguration {
        guard let keyFile, let certificateFile else { throw TLSSettingsError.missing(keyFile == nil ? Name.keyFile : Name.certFile) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)))
        self.applyVersions(to: &configuration)
        guard self.requireClientCertificate else { return configuration }
        configuration.certificateVerification = .noHostnameVerification
        // A CA named here is the only one trusted for clients; the system's roots only when none is.
        if let caDirectory {
            configuration.trustRoots = .file(caDirectory)
            configuration.additionalTrustRoots = self.caFile.map { [.file($0)] } ?? []
        } else {
            configuration.trustRoots = self.caFile.map { .file($0) } ?? .default
        }
        return configuration
    }

    /// What clients speak: the system's roots plus the CAs named; the certificate as client
    /// certificate when one is set (mutual TLS); the server's certificate checked only with
    /// `verifyServerCertificate` (Mesos's default is not to check it).
    public func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        self.applyVersions(to: &configuration)
        configuration.certificateVerification = self.verifyServerCertificate ? .fullVerification : .none
        configuration.trustRoots = self.caDirectory.map { .file($0) } ?? .default
        configuration.additionalTrustRoots = self.caFile.map { [.file($0)] } ?? []
        if let keyFile, let certificateFile {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        return configuration
    }

    private func applyVersions(to configuration: inout TLSConfiguration) {
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = self.enableTLS13 ? .tlsv13 : .tlsv12
    }

    /// `url` with `https` for `http` when TLS is on (clients build URLs from `host:port`,
    /// as Mesos's do, and pick the scheme from the settings); other URLs unchanged.
    public func secured(_ url: String) -> String {
        guard self.enabled, url.hasPrefix("http://") else { return url }
        return "https://" + url.dropFirst("http://".count)
    }

    /// `http` or `https`, as servers advertise themselves.
    public var scheme: String { self.enabled ? "https" : "http" }
}
