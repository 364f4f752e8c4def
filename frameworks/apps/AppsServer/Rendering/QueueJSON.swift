import AppsCore
import OfferMatching

/// `/v2/queue` items: Marathon's shape (no `role`, which marathon-python rejects), plus
/// Agora's answer to "why is it waiting" as `processedOffersSummary.waitingReason` (a key
/// inside a summary clients keep as a plain dictionary).
enum QueueJSON {
    static func item(_ entry: QueueEntry, embedLastUnusedOffers: Bool, appJSON: JSONValue, renderer: AppInfoRenderer) -> JSONValue {
        guard case .object(var members) = entry.json(embedLastUnusedOffers: embedLastUnusedOffers, appJSON: appJSON),
            let index = members.firstIndex(where: { $0.0 == "processedOffersSummary" }),
            case .object(var summary) = members[index].1
        else { return entry.json(embedLastUnusedOffers: embedLastUnusedOffers, appJSON: appJSON) }
        summary.append(("waitingReason", .string(self.waitingReason(entry))))
        members[index].1 = .object(summary)
        return .object(members)
    }

    /// One sentence: backoff, no offers yet, or what the recent offers lacked.
    static func waitingReason(_ entry: QueueEntry) -> String {
        if !entry.overdue {
            return "launch delayed by backoff after failed tasks: \(JSONValue.format(entry.delaySecondsLeft.rounded(.up))) s left"
        }
        guard let latest = entry.stats.lastUnused.last, entry.stats.lastUnusedOfferAt != nil else {
            return entry.stats.processedOffers == 0 ? "waiting for offers" : "waiting for more offers"
        }
        var shortfalls: [String: Int] = [:]
        var order: [String] = []
        for offer in entry.stats.lastUnused {
            for rejection in offer.rejections {
                let reason = rejection.reason.rawValue
                if shortfalls[reason] == nil { order.append(reason) }
                shortfalls[reason, default: 0] += 1
            }
        }
        let counted = order.map { "\($0) (\(shortfalls[$0]!) of \(entry.stats.lastUnused.count) recent offers)" }
        let detail = latest.rejections.map(\.description).joined(separator: "; ")
        return "no offer fits: " + counted.joined(separator: ", ") + "; latest from \(latest.hostname): \(detail)"
    }
}
