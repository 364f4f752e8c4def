import MasterCore

extension MasterShell {
    /// Most status updates awaiting acknowledgement that are timed; beyond it (frameworks
    /// that never acknowledge) the oldest are dropped rather than kept forever.
    static let maxTimedAcknowledgements = 100_000

    /// A reliable status update reached the master and goes to its framework.
    func forwarded(_ uuid: [UInt8]) {
        if self.pendingAcknowledgements.count >= Self.maxTimedAcknowledgements {
            let oldest = self.pendingAcknowledgements.min { $0.value < $1.value }?.key
            if let oldest { self.pendingAcknowledgements[oldest] = nil }
        }
        self.pendingAcknowledgements[uuid] = self.clock.now
    }

    /// The framework acknowledged the update `uuid`.
    func acknowledged(_ uuid: [UInt8]) {
        guard let forwardedAt = self.pendingAcknowledgements.removeValue(forKey: uuid) else { return }
        self.prometheus.statusUpdateAcknowledgement.record(self.clock.now - forwardedAt)
    }

    /// Brings the Prometheus gauges and counters up to date (before each scrape).
    func refreshMetrics() {
        let snapshot = MasterMetricsJSON(
            core: self.core, uptimeSeconds: self.uptimeSeconds, lastAllocationMilliseconds: self.lastAllocationMilliseconds,
            isElected: self.role.isLeading, operatorSubscribers: self.operatorSinks.count)
        self.prometheus.refresh(core: self.core, snapshot: snapshot.values())
    }
}
