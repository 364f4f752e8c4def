import AgoraSecurity
import Synchronization
import Testing

/// The web UI's sessions: IDs and CSRF tokens from the injected randomness, a fixed expiry
/// on the injected clock, CSRF required for anything but a read, logout, and capacity.
@Suite struct UISessionTests {
    static let start = ContinuousClock.now
    static let lifetime: Duration = .seconds(900)

    /// Deterministic "random" bytes: each call gives the next counter value in every byte.
    final class CountingBytes: Sendable {
        let next = Mutex<UInt8>(0)

        func bytes(_ n: Int) -> [UInt8] {
            self.next.withLock { value in
                value &+= 1
                return [UInt8](repeating: value, count: n)
            }
        }
    }

    /// A clock a test moves by hand.
    final class ManualClock: Sendable {
        let instant = Mutex(UISessionTests.start)
        func now() -> ContinuousClock.Instant { self.instant.withLock { $0 } }
        func advance(_ duration: Duration) { self.instant.withLock { $0 += duration } }
    }

    @Test func issueGivesA256BitIDAndADistinctCSRFToken() {
        var table = UISessionTable(lifetime: Self.lifetime)
        let random = CountingBytes()
        let (id, session) = table.issue(principal: "ops", now: Self.start, randomBytes: random.bytes)
        // 32 bytes of base64url without padding: 43 characters, none the cookie grammar minds.
        #expect(id.count == 43 && session.csrfToken.count == 43)
        #expect(id != session.csrfToken)
        #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(session.principal == "ops")
        #expect(session.expires == Self.start + Self.lifetime)
        #expect(table.session(id: id, now: Self.start) == session)
        let (other, _) = table.issue(principal: "ops", now: Self.start, randomBytes: random.bytes)
        #expect(other != id, "every login is a session of its own")
    }

    @Test func aSessionExpiresAtItsFixedEndHoweverOftenItIsUsed() {
        var table = UISessionTable(lifetime: Self.lifetime)
        let (id, _) = table.issue(principal: "ops", now: Self.start, randomBytes: CountingBytes().bytes)
        for second in stride(from: 0, to: 900, by: 60) {
            #expect(table.principal(id: id, csrfToken: nil, isRead: true, now: Self.start + .seconds(second)) == "ops")
        }
        #expect(table.principal(id: id, csrfToken: nil, isRead: true, now: Self.start + .seconds(899)) == "ops")
        #expect(table.principal(id: id, csrfToken: nil, isRead: true, now: Self.start + Self.lifetime) == nil, "not sliding")
        #expect(table.session(id: id, now: Self.start + .seconds(3600)) == nil)
        table.purge(now: Self.start + .seconds(3600))
        #expect(table.count == 0)
    }

    @Test func aMutationNeedsTheSessionsOwnCSRFToken() {
        var table = UISessionTable(lifetime: Self.lifetime)
        let random = CountingBytes()
        let (id, session) = table.issue(principal: "ops", now: Self.start, randomBytes: random.bytes)
        let (_, other) = table.issue(principal: "ci", now: Self.start, randomBytes: random.bytes)
        #expect(table.principal(id: id, csrfToken: nil, isRead: false, now: Self.start) == nil)
        #expect(table.principal(id: id, csrfToken: "", isRead: false, now: Self.start) == nil)
        #expect(table.principal(id: id, csrfToken: other.csrfToken, isRead: false, now: Self.start) == nil, "another session's token")
        #expect(table.principal(id: id, csrfToken: String(session.csrfToken.dropLast()), isRead: false, now: Self.start) == nil)
        #expect(table.principal(id: id, csrfToken: session.csrfToken, isRead: false, now: Self.start) == "ops")
        // The token is no ID: it opens no session by itself.
        #expect(table.principal(id: session.csrfToken, csrfToken: session.csrfToken, isRead: false, now: Self.start) == nil)
        #expect(table.principal(id: "unknown", csrfToken: session.csrfToken, isRead: true, now: Self.start) == nil)
    }

    @Test func logoutEndsOnlyThatSession() {
        var table = UISessionTable(lifetime: Self.lifetime)
        let random = CountingBytes()
        let (id, session) = table.issue(principal: "ops", now: Self.start, randomBytes: random.bytes)
        let (other, _) = table.issue(principal: "ops", now: Self.start, randomBytes: random.bytes)
        let ended = table.end(id: id)
        let endedAgain = table.end(id: id)
        #expect(ended)
        #expect(!endedAgain, "ended once")
        #expect(table.principal(id: id, csrfToken: session.csrfToken, isRead: false, now: Self.start) == nil)
        #expect(table.principal(id: other, csrfToken: nil, isRead: true, now: Self.start) == "ops")
    }

    @Test func aFullTableEndsTheSessionClosestToExpiring() {
        var table = UISessionTable(lifetime: Self.lifetime, capacity: 2)
        let random = CountingBytes()
        let (first, _) = table.issue(principal: "a", now: Self.start, randomBytes: random.bytes)
        let (second, _) = table.issue(principal: "b", now: Self.start + .seconds(1), randomBytes: random.bytes)
        let (third, _) = table.issue(principal: "c", now: Self.start + .seconds(2), randomBytes: random.bytes)
        #expect(table.count == 2)
        #expect(table.session(id: first, now: Self.start + .seconds(2)) == nil)
        #expect(table.session(id: second, now: Self.start + .seconds(2))?.principal == "b")
        #expect(table.session(id: third, now: Self.start + .seconds(2))?.principal == "c")
    }

    @Test func theActorUsesItsInjectedClockAndRandomness() async {
        let clock = ManualClock()
        let sessions = UISessions(lifetime: Self.lifetime, now: { clock.now() }, randomBytes: CountingBytes().bytes)
        let (id, session) = await sessions.login(principal: "ops")
        #expect(id == String(repeating: "AQEB", count: 10) + "AQE", "the first counter bytes (32 × 0x01) in base64url")
        clock.advance(.seconds(600))
        #expect(await sessions.session(id: id)?.remaining == .seconds(300))
        #expect(await sessions.principal(id: id, csrfToken: session.csrfToken, isRead: false) == "ops")
        clock.advance(.seconds(300))
        #expect(await sessions.session(id: id) == nil, "expired at login + lifetime")
        #expect(await sessions.principal(id: id, csrfToken: nil, isRead: true) == nil)
        #expect(await sessions.logout(id: id), "an expired session is still held until purged")
    }

    @Test func systemRandomnessIsNotConstant() {
        let a = UISessions.systemRandomBytes(32)
        let b = UISessions.systemRandomBytes(32)
        #expect(a.count == 32 && a != b)
    }
}
