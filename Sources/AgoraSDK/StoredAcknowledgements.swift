import Logging

/// A status update to acknowledge, with the driver of the term that received it.
public struct PendingAcknowledgement: Sendable {
    public let driver: any SchedulerDriving
    public let status: Mesos.TaskStatus
    /// `status`, to be acknowledged through `driver`.
    public init(driver: any SchedulerDriving, status: Mesos.TaskStatus) {
        self.driver = driver
        self.status = status
    }
}

/// Acknowledges status updates for a framework that turns automatic acknowledgements off to
/// acknowledge an update only once what it changed is stored: until then the agent resends
/// it, so a crash in between loses nothing.
public enum StoredAcknowledgements {
    /// Acknowledgements in flight at once: one at a time would cap updates at one round trip
    /// each, and updates the agent waits on for longer than its retry interval come again,
    /// which only adds to the queue.
    public static let inFlight = 32

    /// Acknowledges each update as it comes, at most `inFlight` at a time, until `updates`
    /// ends. A failed acknowledgement is only logged: the agent resends the update, and it is
    /// acknowledged then. Nothing is logged for a driver that stopped (its term ended).
    public static func run(_ updates: AsyncStream<PendingAcknowledgement>, logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await update in updates {
                if running >= Self.inFlight {
                    await group.next()
                    running -= 1
                }
                running += 1
                group.addTask { await Self.acknowledge(update, logger: logger) }
            }
        }
    }

    private static func acknowledge(_ update: PendingAcknowledgement, logger: Logger) async {
        do {
            try await update.driver.acknowledge(update.status)
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? SchedulerError) == .stopped { return }
            logger.debug("acknowledgement failed; the agent resends the update", metadata: [
                "task.id": "\(update.status.taskID.value)", "error": "\(error)",
            ])
        }
    }
}
