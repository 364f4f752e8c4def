extension SeededIDs {
    private static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `count` letters and digits, as Metronome's run-ID suffix (`scala.util.Random.alphanumeric`).
    public mutating func alphanumeric(_ count: Int) -> String {
        String((0..<count).map { _ in Self.alphanumerics[self.below(Self.alphanumerics.count)] })
    }
}
