extension OfferPool {
    /// Why the port requests cannot be met from `roles`, or nil if they can.
    func portShortfall(_ requests: [PortRequest], roles: [String]) -> OfferRejection? {
        guard !requests.isEmpty else { return nil }
        let free = roles.flatMap { self.stock[$0]?.ports ?? [] }
        let exact = requests.compactMap { request -> Int? in
            if case .exact(let port) = request { return port }
            return nil
        }
        let missing = exact.filter { port in !free.contains { $0.contains(port) } }
        let available = free.reduce(0) { $0 + $1.count }
        let dynamicNeeded = requests.count - exact.count
        if !missing.isEmpty || Set(exact).count != exact.count || available - Set(exact).count < dynamicNeeded {
            return .insufficientPorts(needed: requests.count, available: available, missing: missing)
        }
        return nil
    }

    /// Takes the requested ports (exact ones as asked, dynamic ones lowest free first, skipping
    /// the exact ones) and records them per role. Call only after `portShortfall` returned nil.
    mutating func takePorts(_ requests: [PortRequest], roles: [String], into byRole: inout [String: RoleResources]) -> [Int] {
        let reserved = Set(requests.compactMap { request -> Int? in
            if case .exact(let port) = request { return port }
            return nil
        })
        var chosen: [Int] = []
        for request in requests {
            let port: Int
            switch request {
            case .exact(let wanted): port = wanted
            case .any: port = self.lowestFreePort(in: roles, excluding: reserved)!
            }
            let role = roles.first { self.stock[$0]?.ports.contains { $0.contains(port) } ?? false }!
            self.stock[role]!.ports = ValueRange.removing(port, from: self.stock[role]!.ports)
            byRole[role, default: RoleResources()].ports = ValueRange.merged(byRole[role, default: RoleResources()].ports + [ValueRange(port, port)])
            chosen.append(port)
        }
        return chosen
    }

    private func lowestFreePort(in roles: [String], excluding reserved: Set<Int>) -> Int? {
        var best: Int?
        for role in roles {
            for range in self.stock[role]?.ports ?? [] {
                var port = range.begin
                while port <= range.end, reserved.contains(port) { port += 1 }
                if port <= range.end, best.map({ port < $0 }) ?? true { best = port }
            }
        }
        return best
    }
}

extension ValueRange {
    /// Sorted, disjoint, with adjacent ranges joined.
    public static func merged(_ ranges: [ValueRange]) -> [ValueRange] {
        var result: [ValueRange] = []
        for range in ranges.filter({ $0.count > 0 }).sorted(by: { $0.begin < $1.begin }) {
            if let last = result.last, range.begin <= last.end + 1 {
                result[result.count - 1].end = max(last.end, range.end)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// `ranges` without `value`.
    public static func removing(_ value: Int, from ranges: [ValueRange]) -> [ValueRange] {
        ranges.flatMap { range -> [ValueRange] in
            guard range.contains(value) else { return [range] }
            return [ValueRange(range.begin, value - 1), ValueRange(value + 1, range.end)].filter { $0.count > 0 }
        }
    }
}
