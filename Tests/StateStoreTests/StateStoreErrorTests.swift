import StateStore
import Testing

/// Messages name the problem, and stay short however big the offending input.
@Suite struct StateStoreErrorTests {
    @Test func validationMessagesSayWhatIsWrong() {
        #expect(Self.message { try StateStoreValidation.validate(key: "") } == "invalid state key \"\": it is empty")
        #expect(Self.message { try StateStoreValidation.validate(namespace: "Apps") }
            == "invalid state namespace \"Apps\": it must start with a lowercase ASCII letter")
        #expect(Self.message { try StateStoreValidation.validate(namespace: "apps/web") }
            == "invalid state namespace \"apps/web\": only lowercase ASCII letters, digits, '-' and '_' are allowed")
        #expect(Self.message { try StateStoreValidation.validate(key: "a\u{0}b") }
            == "invalid state key \"a\\0b\": it contains a NUL character")
    }

    @Test func hugeKeysAreShortenedInMessages() {
        let key = String(repeating: "k", count: 10_000)
        let message = Self.message { try StateStoreValidation.validate(key: key) }
        #expect(message.count < 300)
        #expect(message.contains("(10000 bytes)") && message.contains("the limit is 512"))
    }

    @Test func everyCaseDescribesItself() {
        let errors: [StateStoreError] = [
            .unavailable("u"), .fenced("f"), .conflict("c"), .tooLarge(key: "k", bytes: 9, limit: 8),
            .incompatibleFormat(found: 3, supported: 1), .corrupt("x"), .io("i"),
        ]
        #expect(errors.map(\.description) == [
            "state store unavailable: u", "state store write fenced: f", "state store conflict: c",
            "value of state key \"k\" is 9 bytes; the limit is 8",
            "state store has format version 3; this build supports up to version 1",
            "state store corrupt: x", "state store I/O error: i",
        ])
    }

    private static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
