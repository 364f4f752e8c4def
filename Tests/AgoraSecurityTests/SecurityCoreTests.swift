import AgoraSecurity
import Testing

/// Credentials, Authorization headers and ACLs as Mesos defines them, with Agora's fixes.
@Suite struct CredentialsTests {
    @Test func mesosJSONIsReadAndSecretsVerified() throws {
        let credentials = try Credentials.parse(#"{"credentials":[{"principal":"ops","secret":"s3cr:et"},{"principal":"ci","secret":"x"}]}"#)
        #expect(credentials.principals == ["ci", "ops"])
        #expect(credentials.verify(principal: "ops", secret: "s3cr:et"))
        #expect(!credentials.verify(principal: "ops", secret: "s3cr:e"), "a prefix is not the secret")
        #expect(!credentials.verify(principal: "ops", secret: "x"), "another principal's secret")
        #expect(!credentials.verify(principal: "nobody", secret: "x"))
    }

    @Test func bcryptHashesAreCheckedAgainstPlainSecrets() throws {
        let hash = Credentials.bcryptHash("s3cr:et", cost: 4)
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60)
        let credentials = try Credentials.parse(#"{"credentials":[{"principal":"ops","secret":"\#(hash)"},{"principal":"ci","secret":"plain"}]}"#)
        #expect(credentials.verify(principal: "ops", secret: "s3cr:et"))
        #expect(credentials.verify(principal: "ops", secret: "s3cr:et"), "again, from the cache of good checks")
        #expect(!credentials.verify(principal: "ops", secret: "s3cr:eT"))
        #expect(!credentials.verify(principal: "ops", secret: hash), "the hash itself is not the secret")
        #expect(credentials.verify(principal: "ci", secret: "plain"))
        #expect(credentials.principal(holding: "s3cr:et") == "ops", "a token=… secret is checked against hashes too")
        #expect(credentials.principal(holding: "nope") == nil)
    }

    @Test(arguments: [
        (#"ops s3cret"#, "removed from Mesos in 2020"),
        (#"{"credentials":[{"principal":"","secret":"x"}]}"#, "credentials[0]: the principal is empty"),
        (#"{"credentials":[{"principal":"a","secret":""}]}"#, "the secret is empty"),
        (#"{"credentials":[{"principal":"a","secret":"x"},{"principal":"a","secret":"y"}]}"#, "principal 'a' is given twice"),
    ])
    func badFilesAreRefusedWithTheReason(text: String, reason: String) {
        #expect(throws: SecurityConfigError.self) { try Credentials.parse(text) }
        do {
            _ = try Credentials.parse(text)
        } catch {
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test func constantTimeEqualityIsEquality() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(!ConstantTime.equal("", "a"))
        #expect(ConstantTime.equal("", ""))
    }
}

@Suite struct AuthorizationHeaderTests {
    @Test func basicSplitsOnTheFirstColonOnly() {
        // "ops:s3cr:et" in base64.
        #expect(ClaimedIdentity(authorization: "Basic b3BzOnMzY3I6ZXQ=") == .basic(principal: "ops", secret: "s3cr:et"))
        #expect(ClaimedIdentity(authorization: "basic b3BzOnMzY3I6ZXQ=") == .basic(principal: "ops", secret: "s3cr:et"), "scheme is case-insensitive")
        // "ops:" — an empty secret is a claim (it fails verification, not parsing).
        #expect(ClaimedIdentity(authorization: "Basic b3BzOg==") == .basic(principal: "ops", secret: ""))
    }

    @Test func marathonsTokenForm() {
        #expect(ClaimedIdentity(authorization: "token=abc.def") == .token("abc.def"))
    }

    @Test(arguments: ["", "Basic", "Basic !!!!", "Basic b3Bz", "Basic Om5vYm9keQ==", "Bearer x", "token="])
    func malformedHeadersClaimNothing(header: String) {
        // "b3Bz" is "ops" (no colon); "Om5vYm9keQ==" is ":nobody" (empty principal).
        #expect(ClaimedIdentity(authorization: header) == nil, "\(header)")
    }
}

@Suite struct ACLTests {
    /// Mesos's docs example: only foo may register with role analytics.
    static let onlyFoo = #"""
        {"register_frameworks":[{"principals":{"values":["foo"]},"roles":{"values":["analytics"]}},
                                {"principals":{"type":"NONE"},"roles":{"values":["analytics"]}}]}
        """#

    @Test func theFirstMatchingRuleDecides() throws {
        let acls = try ACLs.parse(Self.onlyFoo)
        #expect(acls.authorize("register_frameworks", principal: "foo", object: "analytics"))
        #expect(!acls.authorize("register_frameworks", principal: "bar", object: "analytics"), "the NONE rule matches bar")
        #expect(!acls.authorize("register_frameworks", principal: nil, object: "analytics"), "unauthenticated: NONE rule, denied")
        #expect(acls.authorize("register_frameworks", principal: "bar", object: "web"), "no rule for web: permissive (default true)")
    }

    @Test func unauthenticatedRequestsAreAllowedOnlyByANY() throws {
        let acls = try ACLs.parse(#"""
            {"permissive":false,
             "view_tasks":[{"principals":{"values":["ops"]},"users":{"type":"ANY"}},
                           {"principals":{"type":"ANY"},"users":{"values":["public"]}}],
             "update_quotas":[{"principals":{"values":["ops"]},"roles":{"type":"ANY"}}]}
            """#)
        #expect(acls.authorize("view_tasks", principal: "ops", object: "root"))
        #expect(acls.authorize("view_tasks", principal: nil, object: "public"), "the ANY rule")
        #expect(!acls.authorize("view_tasks", principal: nil, object: "root"), "no rule matches: not permissive")
        #expect(!acls.authorize("update_quotas", principal: nil, object: "analytics"), "a values rule never matches nobody")
        #expect(!acls.authorize("teardown_frameworks", principal: "ops", object: "x"), "no rules for the action: not permissive")
    }

    @Test(arguments: [
        (#"{"register_framework":[]}"#, "unknown action 'register_framework'"),
        (#"{"run_tasks":[{"principals":{"type":"ANY"}}]}"#, "run_tasks[0].users is missing"),
        (#"{"run_tasks":[{"principals":{"type":"SOME"},"users":{"type":"ANY"}}]}"#, "run_tasks[0].principals.type must be ANY or NONE"),
        (#"{"permissive":"no"}"#, "permissive must be true or false"),
        (#"[1]"#, "must be a JSON object"),
    ])
    func aTypoIsRefusedNotIgnored(text: String, reason: String) {
        do {
            _ = try ACLs.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
        }
    }
}

/// The run-spec actions the apps and jobs frameworks add, and the default for servers with
/// credentials.
struct RunSpecACLTests {
    static let acls = try! ACLs.parse(#"""
        {"permissive": false,
         "create_run_specs": [{"principals": {"values": ["dev"]}, "paths": {"values": ["/dev/"]}},
                              {"principals": {"values": ["ops"]}, "paths": {"type": "ANY"}}],
         "view_run_specs": [{"principals": {"type": "ANY"}, "paths": {"values": ["/public"]}}]}
        """#)

    @Test func aRuleOnAGroupCoversEverythingUnderIt() {
        #expect(Self.acls.authorize("create_run_specs", principal: "dev", object: "/dev/web"))
        #expect(Self.acls.authorize("create_run_specs", principal: "dev", object: "dev/api/v2"), "relative paths are read as absolute")
        #expect(Self.acls.authorize("create_run_specs", principal: "dev", object: "/dev"))
        #expect(!Self.acls.authorize("create_run_specs", principal: "dev", object: "/development"), "a prefix of a name is no group")
        #expect(!Self.acls.authorize("create_run_specs", principal: "dev", object: "/prod/web"))
        #expect(Self.acls.authorize("create_run_specs", principal: "ops", object: "/prod/web"))
        #expect(!Self.acls.authorize("create_run_specs", principal: nil, object: "/dev/web"), "anonymous falls to permissive: false")
        #expect(Self.acls.authorize("view_run_specs", principal: nil, object: "/public/site"))
        #expect(!Self.acls.authorize("view_run_specs", principal: "ops", object: "/private"))
    }

    @Test func theDefaultWithCredentialsIsReadOnly() {
        let acls = ACLs.readOnly
        for read in ["view_frameworks", "view_tasks", "view_run_specs", "access_sandboxes", "view_flags", "get_endpoints"] {
            #expect(acls.authorize(read, principal: nil, object: "anything"), "\(read)")
            #expect(acls.authorize(read, principal: "ops", object: nil), "\(read)")
        }
        for write in ["register_frameworks", "run_tasks", "teardown_frameworks", "update_weights", "create_run_specs", "delete_run_specs"] {
            #expect(!acls.authorize(write, principal: "ops", object: "x"), "\(write)")
        }
        #expect(!acls.permissive)
    }
}
