import AgoraTLS
import Testing

/// Parsing Mesos's `LIBPROCESS_SSL_*` variables; files are checked against a table.
struct TLSSettingsTests {
    /// Every file readable, every directory a directory.
    static let allReadable = FileCheck(readableFile: { _ in nil }, readableDirectory: { _ in nil })
    static let on = ["LIBPROCESS_SSL_ENABLED": "true", "LIBPROCESS_SSL_KEY_FILE": "/k.pem", "LIBPROCESS_SSL_CERT_FILE": "/c.pem"]

    static func parse(_ environment: [String: String], files: FileCheck = allReadable) throws(TLSSettingsError) -> TLSSettings {
        try TLSSettings(environment: environment, files: files)
    }

    @Test func nothingSetIsPlaintext() throws {
        #expect(try Self.parse([:]) == .disabled)
        #expect(try Self.parse(["LIBPROCESS_SSL_ENABLED": "false", "LIBPROCESS_SSL_KEY_FILE": "/missing"], files: .system) == TLSSettings(keyFile: "/missing"))
    }

    @Test func everySettingIsRead() throws {
        let settings = try Self.parse(Self.on.merging([
            "LIBPROCESS_SSL_CA_FILE": "/ca.pem", "LIBPROCESS_SSL_CA_DIR": "/cas", "LIBPROCESS_SSL_REQUIRE_CLIENT_CERT": "1",
            "LIBPROCESS_SSL_VERIFY_SERVER_CERT": "TRUE", "LIBPROCESS_SSL_SUPPORT_DOWNGRADE": "true", "LIBPROCESS_SSL_ENABLE_TLS_V1_3": "1",
        ]) { $1 })
        #expect(settings == TLSSettings(
            enabled: true, keyFile: "/k.pem", certificateFile: "/c.pem", caFile: "/ca.pem", caDirectory: "/cas",
            requireClientCertificate: true, verifyServerCertificate: true, supportDowngrade: true, enableTLS13: true))
    }

    @Test(arguments: [("true", true), ("1", true), ("false", false), ("0", false), ("", false)])
    func mesosBooleans(text: String, value: Bool) throws {
        #expect(try Self.parse(["LIBPROCESS_SSL_SUPPORT_DOWNGRADE": text]).supportDowngrade == value)
    }

    @Test(arguments: ["yes", "on", "2", "tru"])
    func otherBooleansAreRefused(text: String) {
        #expect(throws: TLSSettingsError.notABoolean("LIBPROCESS_SSL_ENABLED", value: text)) { try Self.parse(["LIBPROCESS_SSL_ENABLED": text]) }
    }

    @Test func legacyNamesStillWork() throws {
        let settings = try Self.parse(["LIBPROCESS_SSL_REQUIRE_CERT": "true", "LIBPROCESS_SSL_VERIFY_CERT": "1"])
        #expect(settings.requireClientCertificate && settings.verifyServerCertificate)
        #expect(try Self.parse(["LIBPROCESS_SSL_REQUIRE_CERT": "true", "LIBPROCESS_SSL_REQUIRE_CLIENT_CERT": "1"]).requireClientCertificate)
    }

    @Test func aNameAndItsLegacyNameMustAgree() {
        #expect(throws: TLSSettingsError.conflicting("LIBPROCESS_SSL_VERIFY_SERVER_CERT", alias: "LIBPROCESS_SSL_VERIFY_CERT")) {
            try Self.parse(["LIBPROCESS_SSL_VERIFY_SERVER_CERT": "false", "LIBPROCESS_SSL_VERIFY_CERT": "true"])
        }
    }

    @Test func enabledNeedsKeyAndCertificate() {
        #expect(throws: TLSSettingsError.missing("LIBPROCESS_SSL_KEY_FILE")) { try Self.parse(["LIBPROCESS_SSL_ENABLED": "1"]) }
        #expect(throws: TLSSettingsError.missing("LIBPROCESS_SSL_CERT_FILE")) {
            try Self.parse(["LIBPROCESS_SSL_ENABLED": "1", "LIBPROCESS_SSL_KEY_FILE": "/k.pem"])
        }
    }

    @Test func unreadableFilesAreNamed() {
        let noCA = FileCheck(readableFile: { $0 == "/ca.pem" ? "cannot read it: No such file or directory" : nil }, readableDirectory: { _ in nil })
        let error = #expect(throws: TLSSettingsError.self) { try Self.parse(Self.on.merging(["LIBPROCESS_SSL_CA_FILE": "/ca.pem"]) { $1 }, files: noCA) }
        #expect(error?.description == "LIBPROCESS_SSL_CA_FILE=/ca.pem: cannot read it: No such file or directory")
        #expect(throws: TLSSettingsError.self) { try Self.parse(Self.on, files: .system) }
        #expect(throws: TLSSettingsError.self) { try Self.parse(Self.on.merging(["LIBPROCESS_SSL_CA_DIR": "/etc/hostname"]) { $1 }, files: FileCheck(readableFile: { _ in nil }, readableDirectory: FileCheck.system.readableDirectory)) }
    }

    @Test func clientsUseHTTPSOnlyWithTLSOn() {
        #expect(TLSSettings(enabled: true).secured("http://h:1/x") == "https://h:1/x")
        #expect(TLSSettings(enabled: true).secured("https://h:1") == "https://h:1")
        #expect(TLSSettings.disabled.secured("http://h:1") == "http://h:1")
    }
}
