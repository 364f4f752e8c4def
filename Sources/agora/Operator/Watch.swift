import ArgumentParser
import Dispatch
import Foundation
import OperatorClient

/// `--watch`: print the view, then again after every change the master reports, until
/// Ctrl-C (SIGINT) or SIGTERM, which end the command with exit 0.
struct WatchOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print again after every change until interrupted (JSON: one line per update).")
    var watch = false
}

/// Prints `view()` once, or with `watching` after every change (the master's event
/// stream drives it; heartbeats do not count) until interrupted.
func printView(watching: Bool, client: OperatorClient, _ view: @escaping @Sendable () async throws -> String) async throws {
    emit(try await view())
    guard watching else { return }
    let events = try await client.subscribe()
    try await untilInterrupted {
        for try await event in events where event.type != .heartbeat && event.type != .subscribed {
            emit(try await view())
        }
        throw CommandFailure("the master closed the event stream (it stopped or lost leadership)")
    }
}

/// Runs `body` until it ends or SIGINT/SIGTERM arrives; a signal ends it quietly.
func untilInterrupted(_ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await body() }
        group.addTask { await Interrupt.wait() }
        try await group.next()
        group.cancelAll()
    }
}

/// The first SIGINT or SIGTERM, as an awaitable event.
enum Interrupt {
    static func wait() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
        for source in sources { source.cancel() }
    }
}
