import AgoraModel
import Testing

@Suite struct ScalarTests {
    @Test func roundsToThousandths() {
        #expect(Scalar(0.1) + Scalar(0.2) == Scalar(0.3))
        #expect(Scalar(1.0004).milli == 1000)
        #expect(Scalar(1.0005).milli == 1001)
        #expect(Scalar(2.5).doubleValue == 2.5)
    }

    @Test(arguments: [
        (4.0, "4"), (0.5, "0.5"), (1.125, "1.125"), (0.01, "0.01"), (1024.0, "1024"), (0.0, "0"),
    ])
    func describesWithoutTrailingZeros(value: Double, text: String) {
        #expect(Scalar(value).description == text)
    }

    @Test func repeatedArithmeticDoesNotDrift() {
        var total = Scalar.zero
        for _ in 0..<10_000 { total += Scalar(0.1) }
        for _ in 0..<10_000 { total -= Scalar(0.1) }
        #expect(total == .zero)
    }
}
