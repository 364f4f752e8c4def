import Coordination
import Foundation
import Testing
import AgoraTestKit

@Suite struct MasterLocationTests {
    @Test(arguments: [
        ("127.0.0.1:5050", "http://127.0.0.1:5050"),
        ("  master.example.com:5050\n", "http://master.example.com:5050"),
        ("http://10.0.0.1:5050", "http://10.0.0.1:5050"),
        ("http://10.0.0.1:5050/", "http://10.0.0.1:5050"),
        ("https://master.example.com", "https://master.example.com"),
        ("https://master.example.com:8443", "https://master.example.com:8443"),
        ("[::1]:5050", "http://[::1]:5050"),
    ])
    func parsesDirectLocations(text: String, baseURL: String) throws {
        #expect(try MasterLocation.parse(text) == .direct(baseURL: baseURL))
    }

    @Test func parsesZooKeeperLocations() throws {
        #expect(try MasterLocation.parse("zk://h1:2181,h2:2181/agora") == .zooKeeper(try ZooKeeperURL.parse("zk://h1:2181,h2:2181/agora")))
    }

    @Test(arguments: [
        ("", "invalid master location '': empty master location"),
        ("master", "invalid master location 'master': 'master' has no port"),
        ("master:99999", "invalid master location 'master:99999': port '99999' of 'master:99999' is not a number from 1 to 65535"),
        ("http://m:5050/api/v1", "invalid master location 'http://m:5050/api/v1': unexpected path '/api/v1': give the master's base URL"),
        ("ftp://m:21", "invalid master location 'ftp://m:21': unsupported scheme 'ftp'"),
        ("zk://x", "malformed zk:// URL 'zk://x': missing path"),
        ("file://relative/path", "invalid master location 'file://relative/path': a file:// location needs an absolute path (file:///path)"),
    ])
    func rejectsMalformedLocations(text: String, message: String) {
        #expect(throws: MasterLocationError.self) { try MasterLocation.parse(text) }
        do { _ = try MasterLocation.parse(text) } catch { #expect(error.description == message) }
    }

    @Test func followsAFileHoldingALocation() throws {
        let directory = Paths.scratch("master-location")
        let file = directory + "/master"
        try "  zk://h1:2181/agora\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try MasterLocation.parse("file://" + file) == .zooKeeper(try ZooKeeperURL.parse("zk://h1:2181/agora")))
        try "10.0.0.1:5050".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try MasterLocation.parse("file://" + file) == .direct(baseURL: "http://10.0.0.1:5050"))
        Paths.discardScratch(directory)
    }

    @Test func fileErrorsNameTheFile() throws {
        let directory = Paths.scratch("master-location-errors")
        let recursive = directory + "/recursive"
        try "file://\(recursive)".write(toFile: recursive, atomically: true, encoding: .utf8)
        let bad = directory + "/bad"
        try "zk://h/agora".write(toFile: bad, atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            ("file://" + recursive, "\(recursive) holds no valid location: a file:// location inside a file:// location is not followed"),
            ("file://" + bad, "\(bad) holds no valid location: 'h' has no port"),
            ("file://\(directory)/missing", "cannot read \(directory)/missing: "),
        ]
        for (text, reason) in cases {
            #expect(throws: MasterLocationError.self) { try MasterLocation.parse(text) }
            do { _ = try MasterLocation.parse(text) } catch { #expect(error.reason.hasPrefix(reason), "\(error.reason)") }
        }
        Paths.discardScratch(directory)
    }
}
