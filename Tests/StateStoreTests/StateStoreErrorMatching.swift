import StateStore

/// Case tests for thrown errors without comparing their message text.
extension StateStoreError {
    var invalidKey: String? {
        if case .invalidKey(let key, _) = self { key } else { nil }
    }

    var invalidNamespace: String? {
        if case .invalidNamespace(let namespace, _) = self { namespace } else { nil }
    }

    var unavailableMessage: String? {
        if case .unavailable(let message) = self { message } else { nil }
    }

    var corruptMessage: String? {
        if case .corrupt(let message) = self { message } else { nil }
    }
}

/// Deterministic bytes for large values (SplitMix64 from `seed`).
func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt8(truncatingIfNeeded: mixed ^ (mixed >> 31))
    }
}
