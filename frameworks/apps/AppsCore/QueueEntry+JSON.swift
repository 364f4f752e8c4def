import OfferMatching

extension QueueEntry {
    /// A `/v2/queue` item in the shape marathon-python accepts (no `role`).
    /// `lastUnusedOffers` only with `embedLastUnusedOffers`.
    public func json(embedLastUnusedOffers: Bool, appJSON: JSONValue? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("count", .number(Double(self.count))),
            ("delay", .object([("timeLeftSeconds", .number(self.delaySecondsLeft.rounded(.up))), ("overdue", .bool(self.overdue))])),
            ("since", .string(self.since.iso8601)),
            ("processedOffersSummary", self.stats.summaryJSON),
        ]
        if embedLastUnusedOffers {
            members.append(("lastUnusedOffers", .array(self.stats.lastUnused.map(\.json))))
        }
        members.append(("app", appJSON ?? self.app.marathonJSON()))
        return .object(members)
    }
}

extension OfferStats {
    /// Marathon's `processedOffersSummary`.
    public var summaryJSON: JSONValue {
        let funnel = JSONValue.array(self.funnel.map { entry in
            .object([("reason", .string(entry.reason.rawValue)), ("declined", .number(Double(entry.declined))), ("processed", .number(Double(entry.processed)))])
        })
        return .object([
            ("processedOffersCount", .number(Double(self.processedOffers))),
            ("unusedOffersCount", .number(Double(self.unusedOffers))),
            ("lastUnusedOfferAt", self.lastUnusedOfferAt.map { .string($0.iso8601) } ?? .null),
            ("lastUsedOfferAt", self.lastUsedOfferAt.map { .string($0.iso8601) } ?? .null),
            ("rejectSummaryLastOffers", funnel),
            ("rejectSummaryLaunchAttempt", funnel),
        ])
    }
}

extension UnusedOffer {
    /// One `lastUnusedOffers[]` item; `details` names each shortfall (beyond Marathon).
    public var json: JSONValue {
        .object([
            ("offer", .object([
                ("id", .string(self.offerIDs.first ?? "")), ("agentId", .string(self.agentID)), ("hostname", .string(self.hostname)),
            ])),
            ("timestamp", .string(self.at.iso8601)),
            ("reason", .array(self.reasons.map { .string($0.rawValue) })),
            ("details", .array(self.rejections.map { .string($0.description) })),
        ])
    }
}
