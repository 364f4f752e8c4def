import OfferMatching

/// An offer that did not get an app's instance, and why (`lastUnusedOffers[]`).
public struct UnusedOffer: Hashable, Sendable {
    public var offerIDs: [String]
    public var agentID: String
    public var hostname: String
    public var at: Timestamp
    public var rejections: [OfferRejection]

    public var reasons: [NoMatchReason] { Array(Set(self.rejections.map(\.reason))).sorted() }
}

/// Per-app offer matching statistics over the last N offers: the "why is it waiting" summary.
public struct OfferStats: Hashable, Sendable {
    public var processedOffers = 0
    public var unusedOffers = 0
    public var lastUsedOfferAt: Timestamp?
    public var lastUnusedOfferAt: Timestamp?
    /// Reasons of the last N processed offers (empty set = used), oldest first.
    public var recent: [Set<NoMatchReason>] = []
    /// The newest unused offers, oldest first.
    public var lastUnused: [UnusedOffer] = []

    mutating func recordUsed(at now: Timestamp, window: Int) {
        self.processedOffers += 1
        self.lastUsedOfferAt = now
        self.push([], window: window)
    }

    mutating func recordUnused(_ offer: UnusedOffer, window: Int, keep: Int) {
        self.processedOffers += 1
        self.unusedOffers += 1
        self.lastUnusedOfferAt = offer.at
        self.push(Set(offer.rejections.map(\.reason)), window: window)
        self.lastUnused.append(offer)
        if self.lastUnused.count > keep { self.lastUnused.removeFirst(self.lastUnused.count - keep) }
    }

    private mutating func push(_ reasons: Set<NoMatchReason>, window: Int) {
        self.recent.append(reasons)
        if self.recent.count > window { self.recent.removeFirst(self.recent.count - window) }
    }

    /// Marathon's funnel over the recent offers: for each reason in funnel order, how many
    /// offers reached that check (`processed`) and how many it rejected first (`declined`).
    public var funnel: [(reason: NoMatchReason, processed: Int, declined: Int)] {
        var remaining = self.recent
        return NoMatchReason.funnelOrder.map { reason in
            let processed = remaining.count
            let declined = remaining.filter { $0.contains(reason) }.count
            remaining.removeAll { $0.contains(reason) }
            return (reason, processed, declined)
        }
    }

    /// Declined counts by reason over the recent offers (first reason in funnel order).
    public var declinedByReason: [NoMatchReason: Int] {
        Dictionary(uniqueKeysWithValues: self.funnel.filter { $0.declined > 0 }.map { ($0.reason, $0.declined) })
    }
}
