import Clocks
import JobsCore
@testable import JobsServer
import AgoraTestKit
import Testing

/// The wake-up timer on a test clock: fires at the instant, a new request replaces the old.
@Suite struct TimerTests {
    actor Fired {
        var count = 0
        func add() { self.count += 1 }
    }

    @Test func firesOnceAtTheLatestRequestedInstant() async throws {
        let clock = TestClock<Duration>()
        let start = Timestamp(milliseconds: 1_000_000)
        let fired = Fired()
        let timer = JobsTimer(clock: .test(clock, start: start)) { await fired.add() }
        await timer.schedule(at: start.adding(seconds: 10))
        await timer.schedule(at: start.adding(seconds: 5))
        await clock.advance(by: .milliseconds(4999))
        #expect(await fired.count == 0)
        await clock.advance(by: .milliseconds(1))
        try await eventually("the wake-up at 5 s") { await fired.count == 1 }
        await clock.advance(by: .seconds(10))
        await clock.run()
        #expect(await fired.count == 1, "the replaced 10 s request never fires")
        #expect(await timer.scheduled == nil)
    }

    /// The timer's task may start sleeping after the clock moved (a loaded machine): it sleeps
    /// until the instant, not for the delay computed when it was scheduled.
    @Test func aSleeperThatStartsLateStillWakesAtItsInstant() async throws {
        let clock = TestClock<Duration>()
        let start = Timestamp(milliseconds: 1_000_000)
        let jobsClock = JobsClock.test(clock, start: start)
        await clock.advance(by: .seconds(6))
        try await jobsClock.sleepUntil(start.adding(seconds: 5))  // passed already: returns at once
        let woke = Fired()
        let sleeper = Task {
            try await jobsClock.sleepUntil(start.adding(seconds: 10))
            await woke.add()
        }
        await clock.advance(by: .seconds(4))
        try await sleeper.value
        #expect(await woke.count == 1, "woke at 10 s, 4 s after it started sleeping, not 10 s after")
    }

    @Test func anInstantInThePastFiresAtOnceAndCancelStopsIt() async throws {
        let clock = TestClock<Duration>()
        let start = Timestamp(milliseconds: 1_000_000)
        let fired = Fired()
        let timer = JobsTimer(clock: .test(clock, start: start)) { await fired.add() }
        await timer.schedule(at: start.adding(seconds: -1))
        try await eventually("the immediate wake-up") { await fired.count == 1 }
        await timer.schedule(at: start.adding(seconds: 1))
        await timer.cancel()
        await clock.advance(by: .seconds(2))
        await clock.run()
        #expect(await fired.count == 1)
    }
}
