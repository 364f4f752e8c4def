import AgoraSDK
import Logging

/// Runs leadership terms of the shell: loads the store, subscribes, and works through the
/// term's effects, SDK events and driver calls until the term ends.
struct TermRunner: Sendable {
    let shell: AppsShell
    let logger: Logger
    let makeDriver: @Sendable (_ frameworkID: String?) throws -> any SchedulerDriving

    /// Runs one term; returns why it ended (a store failure, the master removing the
    /// framework). Returns at once, with the reason, if the state cannot be loaded.
    func runTerm(persistence: AppsPersistence) async -> String {
        let (endings, end) = AsyncStream<String>.makeStream()
        let handle: TermHandle
        do {
            handle = try await self.shell.lead(persistence: persistence, makeDriver: self.makeDriver) { end.yield($0) }
        } catch {
            return "cannot load the apps state: \(error)"
        }
        let events = handle.driver.events()
        await handle.driver.start()
        let shell = self.shell
        let calls = DriverCalls(driver: handle.driver, logger: self.logger)
        let reason = await withTaskGroup(of: String.self) { group in
            group.addTask {
                for await _ in handle.effectsWakeups { await shell.runEffects(term: handle.number) }
                return "the term's effects ended"
            }
            group.addTask {
                await calls.run(handle.driverCalls)
                return "the term's driver calls ended"
            }
            group.addTask {
                await StoredAcknowledgements.run(handle.acknowledgements, logger: self.logger)
                return "the term's acknowledgements ended"
            }
            group.addTask {
                await self.receive(events, term: handle.number, persistence: persistence)
            }
            group.addTask {
                for await reason in endings { return reason }
                return "cancelled"
            }
            let first = await group.next() ?? "cancelled"
            group.cancelAll()
            return first
        }
        end.finish()
        await self.shell.stepDown(reason: reason)
        await handle.driver.stop(teardown: false)
        return reason
    }

    /// Hands the driver's events to the shell, those that came while it was busy as one
    /// batch; returns why the events ended.
    private func receive(_ events: AsyncStream<SchedulerEvent>, term number: Int, persistence: AppsPersistence) async -> String {
        let batches = Batches<SchedulerEvent>()
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events { batches.append(event) }
                batches.finish()
            }
            defer { group.cancelAll() }
            while let batch = await batches.next() {
                if let removed = batch.firstIndex(where: Self.isRemoval), case .error(let message) = batch[removed] {
                    await self.shell.receive(Array(batch[..<removed]), term: number)
                    return await self.forgetFramework(persistence, because: message)
                }
                await self.shell.receive(batch, term: number)
            }
            return "the scheduler driver stopped"
        }
    }

    private static func isRemoval(_ event: SchedulerEvent) -> Bool {
        if case .error(let message) = event { return message == "Framework has been removed" }
        return false
    }

    /// The master removed the framework (its failover timeout passed, or it was torn
    /// down): its ID can never subscribe again, so the next term registers anew and
    /// reconciliation replaces the tasks that went with the old ID.
    private func forgetFramework(_ persistence: AppsPersistence, because message: String) async -> String {
        do {
            try await persistence.saveFrameworkID(nil)
            return "the master removed the framework (\(message)); registering anew"
        } catch {
            return "the master removed the framework and its ID cannot be forgotten: \(error)"
        }
    }
}
