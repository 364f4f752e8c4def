import AgoraModel

/// Orders clients by weighted dominant resource share, as Mesos's `DRFSorter` does.
///
/// Clients are `/`-separated paths forming a tree (`eng`, `eng/web`); siblings are kept
/// sorted by (share, allocation count, name), and a node's share covers its whole subtree:
///
///     share(node) = max over scalar r with total_r > 0 of allocation_r(node) / total_r ÷ weight(node)
///
/// A client that also has children (`eng` next to `eng/web`) lives in a virtual leaf
/// `eng/.` under the internal node `eng`. Totals are the cluster's; the sorter recomputes
/// every share only when the totals (or weights) it was prepared with change, and otherwise
/// re-positions just the nodes on the path of each allocation.
struct DRFSorter: Sendable {
    struct Node: Sendable {
        /// Full path; for a virtual leaf, the path of its client.
        var name: String
        /// The caller's small-integer handle of a client (role or framework slot).
        var tag = -1
        var parent: Int
        var children: [Int] = []
        var isLeaf: Bool
        var isActive = false
        var allocation = ResourceQuantities()
        var count = 0
        var share = 0.0
    }

    private(set) var nodes: [Node] = [Node(name: "", parent: -1, isLeaf: false)]
    private var freeNodes: [Int] = []
    /// Node index by path; virtual leaves under `path/.`.
    private var byPath: [String: Int] = [:]
    private var preparedVersion = -1

    init() {}

    var isEmpty: Bool { self.nodes[0].children.isEmpty }

    func contains(_ client: String) -> Bool { self.leaf(client) != nil }

    func allocation(of client: String) -> ResourceQuantities {
        self.leaf(client).map { self.nodes[$0].allocation } ?? ResourceQuantities()
    }

    /// Allocation of the subtree at `path`, whether `path` is a client or an inner node.
    func subtreeAllocation(of path: String) -> ResourceQuantities {
        self.byPath[path].map { self.nodes[$0].allocation } ?? ResourceQuantities()
    }

    func share(of client: String) -> Double? { self.leaf(client).map { self.nodes[$0].share } }

    func isActive(_ client: String) -> Bool { self.leaf(client).map { self.nodes[$0].isActive } ?? false }

    // MARK: - Membership

    /// Adds an inactive client with the caller's handle `tag` (no-op when present).
    mutating func add(_ client: String, tag: Int) {
        guard self.leaf(client) == nil else { return }
        self.preparedVersion = -1
        if let inner = self.byPath[client], !self.nodes[inner].isLeaf {
            self.attach(Node(name: client, tag: tag, parent: inner, isLeaf: true), at: client + "/.")
            return
        }
        let parent = self.ensureInner(Self.parentPath(of: client))
        self.attach(Node(name: client, tag: tag, parent: parent, isLeaf: true), at: client)
    }

    /// Removes a client and prunes inner nodes it leaves empty.
    mutating func remove(_ client: String) {
        guard let index = self.leaf(client) else { return }
        let allocation = self.nodes[index].allocation
        self.walkAncestors(of: index) { $0.allocation -= allocation }
        let parent = self.nodes[index].parent
        self.detach(index)
        self.prune(parent)
        self.preparedVersion = -1
    }

    mutating func activate(_ client: String) { self.setActive(client, true) }
    mutating func deactivate(_ client: String) { self.setActive(client, false) }

    private mutating func setActive(_ client: String, _ active: Bool) {
        guard let index = self.leaf(client) else { return }
        self.nodes[index].isActive = active
    }

    // MARK: - Allocations

    /// Records an allocation to `client` and re-sorts the nodes on its path.
    mutating func allocated(_ client: String, _ quantities: ResourceQuantities, context: ShareContext) {
        guard let index = self.leaf(client) else { return }
        self.update(index, context: context) {
            $0.allocation += quantities
            $0.count += 1
        }
    }

    /// Records resources returning from `client`.
    mutating func unallocated(_ client: String, _ quantities: ResourceQuantities, context: ShareContext) {
        guard let index = self.leaf(client) else { return }
        self.update(index, context: context) { $0.allocation -= quantities }
    }

    // MARK: - Ordering

    /// Recomputes every share and re-sorts when totals or weights changed since last time.
    mutating func prepare(_ context: ShareContext) {
        guard self.preparedVersion != context.version else { return }
        for index in self.nodes.indices where self.nodes[index].parent >= 0 || index == 0 {
            let share = context.share(of: self.nodes[index])
            self.nodes[index].share = share
        }
        for index in self.nodes.indices where !self.nodes[index].isLeaf {
            var children = self.nodes[index].children
            children.sort { self.precedes($0, $1) }
            self.nodes[index].children = children
        }
        self.preparedVersion = context.version
    }

    /// Tags of the active clients in DRF order (pre-order walk, siblings sorted).
    /// Call `prepare` first.
    func sortedTags() -> [Int] {
        var result: [Int] = []
        _ = self.firstActive { tag in
            result.append(tag)
            return false
        }
        return result
    }

    /// Walks active clients in DRF order and returns the tag of the first for which `accept`
    /// is true, without building the whole order. Call `prepare` first.
    func firstActive(where accept: (Int) -> Bool) -> Int? {
        var stack: [(node: Int, next: Int)] = [(0, 0)]
        while var top = stack.popLast() {
            guard top.next < self.nodes[top.node].children.count else { continue }
            let child = self.nodes[top.node].children[top.next]
            top.next += 1
            stack.append(top)
            if self.nodes[child].isLeaf {
                if self.nodes[child].isActive && accept(self.nodes[child].tag) { return self.nodes[child].tag }
            } else {
                stack.append((child, 0))
            }
        }
        return nil
    }

    // MARK: - Internals

    /// DRF order: lower share, then fewer allocations, then name.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        if self.nodes[a].share != self.nodes[b].share { return self.nodes[a].share < self.nodes[b].share }
        if self.nodes[a].count != self.nodes[b].count { return self.nodes[a].count < self.nodes[b].count }
        return self.nodes[a].name < self.nodes[b].name
    }

    private func leaf(_ client: String) -> Int? {
        if let index = self.byPath[client], self.nodes[index].isLeaf { return index }
        if let index = self.byPath[client + "/."] { return index }
        return nil
    }

    private static func parentPath(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// The inner node at `path` (nil = root), creating it or turning a leaf into one.
    private mutating func ensureInner(_ path: String?) -> Int {
        guard let path else { return 0 }
        if let index = self.byPath[path] {
            if self.nodes[index].isLeaf { self.pushLeafDown(index, path: path) }
            return index
        }
        let parent = self.ensureInner(Self.parentPath(of: path))
        return self.attach(Node(name: path, parent: parent, isLeaf: false), at: path)
    }

    /// Turns leaf `index` into an inner node whose virtual leaf `path/.` carries the client.
    private mutating func pushLeafDown(_ index: Int, path: String) {
        var client = self.nodes[index]
        client.parent = index
        client.children = []
        self.nodes[index].tag = -1
        self.nodes[index].isLeaf = false
        self.nodes[index].isActive = false
        self.attach(client, at: path + "/.")
    }

    @discardableResult
    private mutating func attach(_ node: Node, at path: String) -> Int {
        let index: Int
        if let free = self.freeNodes.popLast() {
            self.nodes[free] = node
            index = free
        } else {
            self.nodes.append(node)
            index = self.nodes.count - 1
        }
        self.byPath[path] = index
        self.insertSorted(index, into: node.parent)
        return index
    }

    private mutating func detach(_ index: Int) {
        let parent = self.nodes[index].parent
        self.nodes[parent].children.removeAll { $0 == index }
        let name = self.nodes[index].name
        if self.byPath[name] == index { self.byPath[name] = nil } else { self.byPath[name + "/."] = nil }
        self.nodes[index] = Node(name: "", parent: -2, isLeaf: true)
        self.freeNodes.append(index)
    }

    /// Removes empty inner nodes and folds an inner node back into a leaf when only its
    /// virtual leaf remains.
    private mutating func prune(_ index: Int) {
        guard index != 0, !self.nodes[index].isLeaf else { return }
        let parent = self.nodes[index].parent
        let children = self.nodes[index].children
        if children.isEmpty {
            self.detach(index)
        } else if children.count == 1, let virtual = self.byPath[self.nodes[index].name + "/."], children[0] == virtual {
            let client = self.nodes[virtual]
            self.detach(virtual)
            self.nodes[index].isLeaf = true
            self.nodes[index].tag = client.tag
            self.nodes[index].isActive = client.isActive
            self.nodes[index].count = client.count
            self.nodes[index].allocation = client.allocation
            self.nodes[index].share = client.share
        } else {
            return
        }
        self.prune(parent)
    }

    private mutating func walkAncestors(of index: Int, _ body: (inout Node) -> Void) {
        var current = index
        while current >= 0 {
            body(&self.nodes[current])
            current = self.nodes[current].parent
        }
    }

    /// Applies `change` to `index` and its ancestors, then re-positions each among its siblings.
    private mutating func update(_ index: Int, context: ShareContext, _ change: (inout Node) -> Void) {
        var current = index
        while current > 0 {
            change(&self.nodes[current])
            if self.preparedVersion == context.version {
                let share = context.share(of: self.nodes[current])
                self.nodes[current].share = share
                self.reposition(current)
            }
            current = self.nodes[current].parent
        }
        change(&self.nodes[0])
    }

    private mutating func reposition(_ index: Int) {
        let parent = self.nodes[index].parent
        guard let position = self.nodes[parent].children.firstIndex(of: index) else { return }
        self.nodes[parent].children.remove(at: position)
        self.insertSorted(index, into: parent)
    }

    private mutating func insertSorted(_ index: Int, into parent: Int) {
        var low = 0
        var high = self.nodes[parent].children.count
        while low < high {
            let mid = (low + high) / 2
            if self.precedes(self.nodes[parent].children[mid], index) { low = mid + 1 } else { high = mid }
        }
        self.nodes[parent].children.insert(index, at: low)
    }
}

/// What shares are computed against: cluster totals and role weights, versioned so sorters
/// know when to recompute.
struct ShareContext: Sendable {
    var totals = ResourceQuantities()
    var weights: [String: Double] = [:]
    /// Excluded from fairness (Mesos `--fair_sharing_excluded_resource_names`).
    var excludedNames: Set<String> = []
    /// Bumped on every change of the above.
    private(set) var version = 0

    mutating func changed() { self.version += 1 }

    func share(of node: DRFSorter.Node) -> Double {
        var dominant = 0.0
        for entry in node.allocation.entries where self.excludedNames.isEmpty || !self.excludedNames.contains(entry.name) {
            let total = self.totals[entry.name]
            guard total.isPositive else { continue }
            dominant = max(dominant, Double(entry.amount.milli) / Double(total.milli))
        }
        let weight = self.weights[node.name] ?? 1.0
        return weight > 0 ? dominant / weight : .infinity
    }
}
