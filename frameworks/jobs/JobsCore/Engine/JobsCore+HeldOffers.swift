extension JobsCore {
    /// The earliest instant a scheduled run comes due, if any job is scheduled.
    var earliestDue: Timestamp? { self.nextDue.values.min() }

    /// A scheduled run comes due within `offerHoldSeconds`: offers are worth keeping.
    func wantsOffersSoon(now: Timestamp) -> Bool {
        guard self.configuration.offerHoldSeconds > 0, let due = self.earliestDue else { return false }
        return due <= now.adding(seconds: self.configuration.offerHoldSeconds)
    }

    /// Offer interest is kept (no suppress) while a run comes due before a revive would be
    /// allowed again, so frequent schedules never wait for a rate-limited revive.
    func keepsOfferInterest(now: Timestamp) -> Bool {
        guard self.configuration.offerHoldSeconds > 0, let due = self.earliestDue else { return false }
        return due <= now.adding(seconds: self.configuration.offerHoldSeconds + self.configuration.minReviveIntervalSeconds)
    }

    /// How long a declined offer is refused: `declineOfferSeconds`, but with holding on only
    /// until the hold window of the next due run opens, so the master offers again in time.
    func declineSeconds(now: Timestamp) -> Double {
        let standard = self.configuration.declineOfferSeconds
        guard self.configuration.offerHoldSeconds > 0, let due = self.earliestDue else { return standard }
        let untilWindow = due.adding(seconds: -self.configuration.offerHoldSeconds).seconds(since: now)
        return max(0, min(standard, untilWindow))
    }

    /// Held offers are used as soon as a run can launch, and declined once no run comes due
    /// within the hold window.
    mutating func useHeldOffers(now: Timestamp, _ out: inout [JobsDirective]) {
        guard !self.heldOffers.isEmpty else { return }
        if !self.launchableRuns(now: now).isEmpty || !self.wantsOffersSoon(now: now) {
            self.handleOffers([], now: now, &out)
        }
    }
}
