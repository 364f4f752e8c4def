import AgoraModel

/// The baseline the allocator is run beside: the same DeclineOffers rounds done by a bare
/// DRF loop — frameworks in a binary heap keyed by dominant share, agents as two doubles,
/// refusals as bit sets, no resource objects, ports, roles or quota. It is the floor any
/// allocator pays for the ordering itself (reference/performance.md §7), and, measured in the
/// same run on the same machine, it shows how much of a reading is machine noise.
struct HeapDRFFloor {
    private let agentCPUs = 8.0
    private let agentMem = 2082.0
    private let totalCPUs: Double
    private let totalMem: Double
    private var cpus: [Double]
    private var mem: [Double]
    private var counts: [Int]
    private var refused: [[UInt64]]
    private var holder: [Int]
    private var rng: SplitMix64

    init(agents: Int, frameworks: Int, seed: UInt64) {
        self.totalCPUs = 24 * Double(agents)
        self.totalMem = 4096 * Double(agents)
        self.cpus = (0..<frameworks).map { index in 16 * Double(agents / frameworks + (index < agents % frameworks ? 1 : 0)) }
        self.mem = self.cpus.map { $0 / 16 * 2014 }
        self.counts = Array(repeating: 1, count: frameworks)
        self.refused = Array(repeating: Array(repeating: 0, count: (agents + 63) / 64), count: frameworks)
        self.holder = Array(repeating: -1, count: agents)
        self.rng = SplitMix64(seed: seed)
    }

    /// Declines every held agent for good, then offers each agent to the lowest-share
    /// framework that has not refused it. Returns the number of offers.
    mutating func round() -> Int {
        for agent in self.holder.indices where self.holder[agent] >= 0 {
            let framework = self.holder[agent]
            self.refused[framework][agent / 64] |= 1 << UInt64(agent % 64)
            self.cpus[framework] -= self.agentCPUs
            self.mem[framework] -= self.agentMem
            self.holder[agent] = -1
        }
        var heap = (0..<self.cpus.count).map { (share: self.share($0), count: self.counts[$0], id: $0) }
        heap.sort { ($0.share, $0.count, $0.id) < ($1.share, $1.count, $1.id) }
        var order = Array(self.holder.indices)
        order.shuffle(using: &self.rng)
        var offers = 0
        var skipped: [(share: Double, count: Int, id: Int)] = []
        for agent in order {
            skipped.removeAll(keepingCapacity: true)
            while let top = Self.popMin(&heap) {
                if self.refused[top.id][agent / 64] & (1 << UInt64(agent % 64)) != 0 {
                    skipped.append(top)
                    continue
                }
                self.holder[agent] = top.id
                self.cpus[top.id] += self.agentCPUs
                self.mem[top.id] += self.agentMem
                self.counts[top.id] += 1
                Self.push((self.share(top.id), self.counts[top.id], top.id), into: &heap)
                offers += 1
                break
            }
            for entry in skipped { Self.push(entry, into: &heap) }
        }
        return offers
    }

    private func share(_ framework: Int) -> Double {
        max(self.cpus[framework] / self.totalCPUs, self.mem[framework] / self.totalMem)
    }

    private static func popMin(_ heap: inout [(share: Double, count: Int, id: Int)]) -> (share: Double, count: Int, id: Int)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var index = 0
        while true {
            let left = 2 * index + 1
            let right = left + 1
            var smallest = index
            if left < heap.count && Self.less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.less(heap[right], heap[smallest]) { smallest = right }
            if smallest == index { return top }
            heap.swapAt(index, smallest)
            index = smallest
        }
    }

    private static func push(_ entry: (share: Double, count: Int, id: Int), into heap: inout [(share: Double, count: Int, id: Int)]) {
        heap.append(entry)
        var index = heap.count - 1
        while index > 0 {
            let parent = (index - 1) / 2
            guard Self.less(heap[index], heap[parent]) else { return }
            heap.swapAt(index, parent)
            index = parent
        }
    }

    private static func less(_ a: (share: Double, count: Int, id: Int), _ b: (share: Double, count: Int, id: Int)) -> Bool {
        (a.share, a.count, a.id) < (b.share, b.count, b.id)
    }
}
