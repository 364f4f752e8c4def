import AgoraModel
import Allocator

extension MasterCore {
    /// Runs the allocator and sends each framework one OFFERS event with an offer per
    /// (agent, role) it was granted.
    public mutating func allocate(now: MonotonicInstant) -> [MasterDirective] {
        self.allocationRequested = false
        self.nextAllocation = now + self.configuration.allocator.allocationInterval
        self.metrics.allocationRuns += 1
        var directives: [MasterDirective] = []
        var order: [FrameworkID] = []
        var batches: [FrameworkID: [Offer]] = [:]
        for grant in self.allocator.allocate(now: now) {
            guard let offer = self.makeOffer(grant, now: now) else {
                self.allocator.recoverResources(grant.resources, of: grant.frameworkID, on: grant.agentID, now: now)
                continue
            }
            if batches[grant.frameworkID] == nil { order.append(grant.frameworkID) }
            batches[grant.frameworkID, default: []].append(offer)
        }
        for frameworkID in order {
            self.send(.offers(batches[frameworkID]!), to: frameworkID, &directives)
        }
        return directives
    }

    private mutating func makeOffer(_ grant: OfferGrant, now: MonotonicInstant) -> Offer? {
        guard let framework = self.frameworks[grant.frameworkID], framework.isConnected,
            let agent = self.agents[grant.agentID], agent.isConnected
        else { return nil }
        let offer = Offer(
            id: self.newOfferID(), frameworkID: grant.frameworkID, agentID: grant.agentID,
            hostname: agent.info.hostname, resources: grant.resources, role: grant.role,
            attributes: agent.info.attributes,
            executorIDs: (framework.executors[grant.agentID]?.keys).map { $0.sorted() } ?? [],
            agentIP: agent.info.ip, agentPort: agent.info.port)
        self.offers[offer.id] = OfferRecord(offer: offer, madeAt: now)
        self.frameworks[grant.frameworkID]!.offers.insert(offer.id)
        self.metrics.offersMade += 1
        return offer
    }

    /// DECLINE: the resources go back with a refusal filter.
    mutating func decline(
        _ offerIDs: [OfferID], of frameworkID: FrameworkID, refuseSeconds: Double, now: MonotonicInstant,
        _ directives: inout [MasterDirective]
    ) {
        for offerID in offerIDs {
            guard let record = self.offers[offerID], record.offer.frameworkID == frameworkID else { continue }
            self.removeOffer(offerID)
            self.allocator.recoverResources(
                record.offer.resources, of: frameworkID, on: record.offer.agentID, refuseSeconds: refuseSeconds, now: now)
            self.metrics.offersDeclined += 1
        }
        self.wantAllocation(&directives)
    }

    /// Takes an offer back, telling the framework with RESCIND.
    mutating func rescind(_ offerID: OfferID, now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        guard let record = self.offers[offerID] else { return }
        self.removeOffer(offerID)
        self.allocator.recoverResources(record.offer.resources, of: record.offer.frameworkID, on: record.offer.agentID, now: now)
        self.send(.rescind(offerID), to: record.offer.frameworkID, &directives)
        self.metrics.offersRescinded += 1
        self.wantAllocation(&directives)
    }

    /// Returns every outstanding offer of a framework to the allocator.
    mutating func recoverOffers(of frameworkID: FrameworkID, now: MonotonicInstant, _ directives: inout [MasterDirective], notify: Bool) {
        for offerID in (self.frameworks[frameworkID]?.offers ?? []).sorted() {
            if notify {
                self.rescind(offerID, now: now, &directives)
            } else if let record = self.offers[offerID] {
                self.removeOffer(offerID)
                self.allocator.recoverResources(record.offer.resources, of: frameworkID, on: record.offer.agentID, now: now)
            }
        }
        self.wantAllocation(&directives)
    }

    /// Rescinds every outstanding offer on an agent.
    mutating func rescindOffers(on agentID: AgentID, now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        for (offerID, record) in self.offers.sorted(by: { $0.key < $1.key }) where record.offer.agentID == agentID {
            self.rescind(offerID, now: now, &directives)
        }
    }

    mutating func removeOffer(_ offerID: OfferID) {
        guard let record = self.offers.removeValue(forKey: offerID) else { return }
        self.frameworks[record.offer.frameworkID]?.offers.remove(offerID)
    }

    /// Rescinds offers older than the configured offer timeout.
    mutating func expireOffers(now: MonotonicInstant, _ directives: inout [MasterDirective]) {
        guard let timeout = self.configuration.offerTimeout else { return }
        for (offerID, record) in self.offers.sorted(by: { $0.key < $1.key }) where record.madeAt + timeout <= now {
            self.rescind(offerID, now: now, &directives)
        }
    }
}
