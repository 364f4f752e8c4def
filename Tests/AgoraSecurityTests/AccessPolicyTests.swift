import AgoraSecurity
import Testing

/// Protected mode and HTTP authentication, request by request.
@Suite struct AccessPolicyTests {
    static let credentials = Credentials(["ops": "s3cret", "ci": "t0ken"])
    static let basicOps = "Basic " + "b3BzOnMzY3JldA=="  // ops:s3cret
    static let basicWrong = "Basic " + "b3BzOndyb25n"  // ops:wrong

    func request(_ method: String = "GET", _ path: String = "/master/state", from ip: String? = "10.1.2.3", _ authorization: String? = nil)
        -> AccessRequest
    {
        AccessRequest(method: method, path: path, remoteIP: ip, authorization: authorization)
    }

    @Test func withoutCredentialsOnlyThisHostIsServed() {
        var policy = AccessPolicy(credentials: nil, realm: "mesos")
        policy.localAddresses = ["10.0.0.5"]
        for ip in ["127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1", "10.0.0.5"] {
            #expect(policy.decide(self.request(from: ip)) == .allow(principal: nil), "\(ip)")
        }
        // A peer whose address is gone (the connection closed) is not taken for this host.
        if case .allow = policy.decide(self.request(from: nil)) { Issue.record("an unknown peer passed for a local one") }
        guard case .forbid(let message) = policy.decide(self.request("POST", from: "10.1.2.3")) else {
            Issue.record("a remote client was served in protected mode")
            return
        }
        #expect(message.contains("--insecure-allow-remote") && message.contains("credentials"))
        policy.allowRemoteWithoutCredentials = true
        #expect(policy.decide(self.request("POST", from: "10.1.2.3")) == .allow(principal: nil))
    }

    @Test func openPathsNeedNothing() {
        var policy = AccessPolicy(credentials: Self.credentials, realm: "mesos")
        policy.openPaths = ["/health", "/master/redirect"]
        #expect(policy.decide(self.request("GET", "/health")) == .allow(principal: nil))
        #expect(policy.decide(self.request("GET", "/master/redirect", from: "10.9.9.9")) == .allow(principal: nil))
        #expect(policy.decide(self.request("GET", "/master/state")) == .challenge(realm: "mesos", reason: "Authentication required"))
    }

    @Test func credentialsDecideByMethodClass() {
        var policy = AccessPolicy(credentials: Self.credentials, realm: "marathon")
        // (reads required, writes required) → (anonymous GET, anonymous POST)
        let table: [(Bool, Bool, AccessDecision, AccessDecision)] = [
            (true, true, .challenge(realm: "marathon", reason: "Authentication required"), .challenge(realm: "marathon", reason: "Authentication required")),
            (false, true, .allow(principal: nil), .challenge(realm: "marathon", reason: "Authentication required")),
            (false, false, .allow(principal: nil), .allow(principal: nil)),
        ]
        for (reads, writes, get, post) in table {
            policy.authenticateReads = reads
            policy.authenticateWrites = writes
            #expect(policy.decide(self.request("GET")) == get)
            #expect(policy.decide(self.request("POST")) == post)
            // Sent credentials are checked whatever is required.
            #expect(policy.decide(self.request("POST", from: "127.0.0.1", Self.basicOps)) == .allow(principal: "ops"))
            #expect(policy.decide(self.request("GET", "/master/state", Self.basicWrong)) == .challenge(realm: "marathon", reason: "Invalid credentials"))
        }
    }

    @Test func marathonTokensNameTheirPrincipal() {
        let policy = AccessPolicy(credentials: Self.credentials, realm: "marathon")
        #expect(policy.decide(self.request("POST", "/v2/apps", "token=t0ken")) == .allow(principal: "ci"))
        #expect(policy.decide(self.request("POST", "/v2/apps", "token=nope")) == .challenge(realm: "marathon", reason: "Invalid credentials"))
        #expect(policy.decide(self.request("POST", "/v2/apps", "Bearer x")) == .challenge(realm: "marathon", reason: "Invalid credentials"))
    }

    @Test func loopbackIsNoExemptionOnceCredentialsAreOn() {
        let policy = AccessPolicy(credentials: Self.credentials, realm: "mesos")
        #expect(policy.decide(self.request("POST", from: "127.0.0.1")) == .challenge(realm: "mesos", reason: "Authentication required"))
    }

    @Test func anonymousPathsStillCheckSentCredentialsAndProtectedMode() {
        var policy = AccessPolicy(credentials: Self.credentials, realm: "mesos")
        policy.anonymousPaths = ["/api/v1/scheduler"]
        #expect(policy.decide(self.request("POST", "/api/v1/scheduler")) == .allow(principal: nil))
        #expect(policy.decide(self.request("POST", "/api/v1/scheduler", Self.basicOps)) == .allow(principal: "ops"))
        #expect(policy.decide(self.request("POST", "/api/v1/scheduler", Self.basicWrong)) == .challenge(realm: "mesos", reason: "Invalid credentials"))
        // An executor's Bearer token is the executor API's to check, not the policy's.
        #expect(policy.decide(self.request("POST", "/api/v1/scheduler", "Bearer a.b.c")) == .allow(principal: nil))
        #expect(policy.decide(self.request("POST", "/master/state", "Bearer a.b.c")) == .challenge(realm: "mesos", reason: "Invalid credentials"))
        policy.credentials = nil
        if case .allow = policy.decide(self.request("POST", "/api/v1/scheduler", from: "10.1.2.3")) {
            Issue.record("protected mode must cover anonymous paths")
        }
    }
}
