import OfferMatching

extension AppsCore {
    /// Places as many queued instances as the offers allow (apps take turns, one instance at a
    /// time; agents take turns too, each instance going to the next agent that fits, so a
    /// big deployment spreads over the offers and its launches run on every agent at once),
    /// respecting constraints against the app's placed instances including those placed in
    /// this round. Offers that got nothing are declined.
    mutating func handleOffers(_ offers: [ResourceOffer], now: Timestamp, _ out: inout [AppsDirective]) {
        var pools = OfferPool.combining(offers)
        var launches: [[TaskLaunch]] = Array(repeating: [], count: pools.count)
        var turns = self.launchableApps(now: now)
        let eligible = turns.map(\.app.id)
        var launchedOn: [PathID: Set<Int>] = [:]
        var nextPool = 0
        while !turns.isEmpty {
            var next: [(app: AppDefinition, queue: [String])] = []
            for var turn in turns {
                guard let id = turn.queue.first else { continue }
                guard let poolIndex = self.place(id, of: turn.app, on: &pools, from: nextPool, launches: &launches, now: now) else { continue }
                nextPool = (poolIndex + 1) % pools.count
                launchedOn[turn.app.id, default: []].insert(poolIndex)
                turn.queue.removeFirst()
                next.append(turn)
            }
            turns = next
        }
        for (index, pool) in pools.enumerated() {
            if launches[index].isEmpty {
                out.append(.decline(offerIDs: pool.offerIDs, refuseSeconds: self.configuration.declineOfferSeconds))
            } else {
                out.append(.launch(offerIDs: pool.offerIDs, agentID: pool.agentID, tasks: launches[index]))
            }
        }
        self.recordOfferStats(eligible, pools: pools, launchedOn: launchedOn, now: now)
    }

    /// Apps with queued instances whose backoff has passed, oldest queued first.
    private func launchableApps(now: Timestamp) -> [(app: AppDefinition, queue: [String])] {
        var result: [(app: AppDefinition, queue: [String], since: Timestamp)] = []
        for app in self.apps.values where self.launchAllowedAt(app, now: now) == nil {
            let queued = self.instanceList(of: app.id).filter(\.isQueued).sorted { ($0.queuedAt, $0.id) < ($1.queuedAt, $1.id) }
            guard let first = queued.first else { continue }
            result.append((app, queued.map(\.id), first.queuedAt))
        }
        return result.sorted { ($0.since, $0.app.id) < ($1.since, $1.app.id) }.map { ($0.app, $0.queue) }
    }

    /// Puts one instance on the first pool it fits, looking from `start` round the list;
    /// returns the pool's index.
    private mutating func place(
        _ id: String, of app: AppDefinition, on pools: inout [OfferPool], from start: Int, launches: inout [[TaskLaunch]], now: Timestamp
    ) -> Int? {
        // Only constraints look at where the app's instances are (and listing them costs O(n)).
        let placed = app.constraints.isEmpty ? [] : self.placements(of: app.id)
        let demand = app.resourceDemand
        for offset in pools.indices {
            let index = (start + offset) % pools.count
            if let limit = self.configuration.maxInstancesPerOffer, launches[index].count >= limit { continue }
            guard case .success(let allocation) = pools[index].take(
                demand, constraints: app.constraints, placed: placed, options: self.configuration.matchOptions)
            else { continue }
            launches[index].append(self.launch(id, app: app, on: pools[index].placement, allocation: allocation, now: now))
            return index
        }
        return nil
    }

    /// Where the app's launched, active instances are.
    func placements(of appID: PathID) -> [Placement] {
        self.instanceList(of: appID).compactMap { $0.isActive ? $0.task?.placement : nil }
    }

    /// Marks the instance launched (persisted before the `.launch` goes out) and builds its task.
    private mutating func launch(_ id: String, app: AppDefinition, on placement: Placement, allocation: ResourceAllocation, now: Timestamp) -> TaskLaunch {
        var instance = self.instances[id]!
        let task = LaunchedTask(id: instance.nextTaskID, placement: placement, hostPorts: allocation.ports, launchedAt: now)
        instance.task = task
        instance.appVersion = app.version
        instance.configVersion = app.versionInfo.lastConfigChangeAt
        self.instances[id] = instance
        self.instanceByTask[task.id] = id
        self.saveInstance(id)
        return self.taskLaunch(instance, task: task, app: app, resources: allocation.byRole)
    }

    private mutating func recordOfferStats(_ eligible: [PathID], pools: [OfferPool], launchedOn: [PathID: Set<Int>], now: Timestamp) {
        let window = self.configuration.offerStatsWindow
        for appID in eligible {
            guard let app = self.apps[appID] else { continue }
            let stillQueued = self.instances.counts(of: appID).queued > 0
            var stats = self.offerStats[appID] ?? OfferStats()
            let placed = self.placements(of: appID)
            for (index, pool) in pools.enumerated() {
                if launchedOn[appID]?.contains(index) == true {
                    stats.recordUsed(at: now, window: window)
                } else if stillQueued {
                    let rejections = pool.rejections(
                        for: app.resourceDemand, constraints: app.constraints, placed: placed, options: self.configuration.matchOptions)
                    let unused = UnusedOffer(offerIDs: pool.offerIDs, agentID: pool.agentID, hostname: pool.placement.hostname, at: now, rejections: rejections)
                    stats.recordUnused(unused, window: window, keep: self.configuration.lastUnusedOffersKept)
                }
            }
            self.offerStats[appID] = stats
        }
    }

    /// Revives when launchable work appeared (at most every `minReviveIntervalSeconds`),
    /// suppresses when nothing can be launched.
    mutating func updateOfferInterest(now: Timestamp, _ out: inout [AppsDirective]) {
        let wanted = self.apps.values.contains { app in
            self.launchAllowedAt(app, now: now) == nil && self.instances.counts(of: app.id).queued > 0
        }
        if wanted {
            guard self.offerInterest != .revived || self.newWork else { return }
            if let last = self.lastReviveAt, now < last.adding(seconds: self.configuration.minReviveIntervalSeconds) { return }
            out.append(.reviveOffers)
            self.offerInterest = .revived
            self.lastReviveAt = now
            self.newWork = false
        } else if self.offerInterest != .suppressed {
            out.append(.suppressOffers)
            self.offerInterest = .suppressed
        }
    }
}
