import Coordination
import Testing

@Suite struct ZooKeeperURLTests {
    @Test(arguments: [
        ("zk://h1:2181/mesos", "h1:2181", "/mesos", nil as ZooKeeperURL.Credentials?),
        ("zk://h1:2181,h2:2182,10.0.0.3:2183/a/b", "h1:2181,h2:2182,10.0.0.3:2183", "/a/b", nil),
        ("zk://user:secret@h1:2181/agora", "h1:2181", "/agora", ZooKeeperURL.Credentials(user: "user", password: "secret")),
        ("zk://user:@h1:2181/agora", "h1:2181", "/agora", ZooKeeperURL.Credentials(user: "user", password: "")),
        ("zk://[::1]:2181/agora/", "[::1]:2181", "/agora", nil),
        ("zk://h:1/x@y", "h:1", "/x@y", nil),
        ("zk://h:65535/x", "h:65535", "/x", nil),
    ])
    func parsesValidURLs(text: String, servers: String, path: String, credentials: ZooKeeperURL.Credentials?) throws {
        let url = try ZooKeeperURL.parse(text)
        #expect(url.servers == servers && url.path == path && url.credentials == credentials)
    }

    @Test(arguments: [
        ("zk://x", "missing path"),
        ("zk://", "missing host list and path"),
        ("zk:///agora", "missing host list"),
        ("http://h:2181/agora", "must start with 'zk://'"),
        ("h:2181/agora", "must start with 'zk://'"),
        ("zk://h/agora", "'h' has no port"),
        ("zk://h:/agora", "port '' of 'h:' is not a number from 1 to 65535"),
        ("zk://h:0/agora", "port '0' of 'h:0' is not a number from 1 to 65535"),
        ("zk://h:65536/agora", "port '65536' of 'h:65536' is not a number from 1 to 65535"),
        ("zk://h:port/agora", "port 'port' of 'h:port' is not a number from 1 to 65535"),
        ("zk://:2181/agora", "missing host in ':2181'"),
        ("zk://h:1,,h:2/agora", "empty entry in host list 'h:1,,h:2'"),
        ("zk://h:1,/agora", "empty entry in host list 'h:1,'"),
        ("zk://[::1/agora", "'[::1' has an unclosed '['"),
        ("zk://h:2181/", "path must name a znode, not just '/'"),
        ("zk://h:2181//agora", "invalid path '//agora': contains an empty segment ('//')"),
        ("zk://h:2181/a/../b", "invalid path '/a/../b': contains a relative segment ('.' or '..')"),
        ("zk://nopassword@h:2181/agora", "credentials must be 'user:password'"),
        ("zk://:pw@h:2181/agora", "credentials must be 'user:password'"),
    ])
    func rejectsMalformedURLs(text: String, reason: String) {
        #expect(throws: ZooKeeperURLError.self) { try ZooKeeperURL.parse(text) }
        do {
            _ = try ZooKeeperURL.parse(text)
        } catch {
            #expect(error.reason == reason)
            #expect(error.description == "malformed zk:// URL '\(error.url)': \(reason)")
        }
    }

    @Test func errorsAndDescriptionsMaskThePassword() throws {
        #expect(throws: ZooKeeperURLError.self) { try ZooKeeperURL.parse("zk://u:secret@h/agora") }
        do {
            _ = try ZooKeeperURL.parse("zk://u:secret@h/agora")
        } catch {
            #expect(error.description == "malformed zk:// URL 'zk://u:***@h/agora': 'h' has no port")
        }
        #expect(try ZooKeeperURL.parse("zk://u:secret@h:1/agora").description == "zk://u:***@h:1/agora")
        #expect(try ZooKeeperURL.parse("zk://h:1,g:2/agora").description == "zk://h:1,g:2/agora")
    }
}
