import AgoraSecurity
import Foundation
import Testing

/// Executor tokens: HS256 JWTs naming framework, executor and container.
@Suite struct ExecutorTokenTests {
    static let key = Array("a-secret-key-of-the-agent".utf8)
    static let token = ExecutorToken(frameworkID: "fw-1", executorID: "exec-1", containerID: "c-1")

    @Test func aSignedTokenVerifiesToItsClaims() {
        let jwt = Self.token.signed(with: Self.key)
        #expect(jwt.split(separator: ".").count == 3)
        #expect(ExecutorToken.verify(jwt, key: Self.key) == Self.token)
        #expect(Self.token.signed(with: Self.key) == jwt, "deterministic")
    }

    @Test func forgeriesAreRefused() {
        let jwt = Self.token.signed(with: Self.key)
        let parts = jwt.split(separator: ".").map(String.init)
        // Another key; claims swapped under the old signature; no signature; alg none; garbage.
        let otherExecutor = ExecutorToken(frameworkID: "fw-1", executorID: "exec-2", containerID: "c-1").signed(with: Self.key)
        let swapped = parts[0] + "." + otherExecutor.split(separator: ".")[1] + "." + parts[2]
        let none = #"{"alg":"none","typ":"JWT"}"#
        let unsigned = Data(none.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") + "." + parts[1] + "."
        for forged in [Self.token.signed(with: Array("another key".utf8)), swapped, parts[0] + "." + parts[1] + ".", unsigned, "x.y.z", ""] {
            #expect(ExecutorToken.verify(forged, key: Self.key) == nil, "\(forged)")
        }
    }
}
