import CZooKeeper

/// A call awaiting its completion callback, as the registry sees it.
protocol PendingCompletion: AnyObject, Sendable {
    /// Resumes the caller with `error` (used when the library will never call back).
    func fail(_ error: ZooKeeperError)
}

/// One call in flight: the C library holds a retain on it (the `data` pointer) until it calls
/// back exactly once; whoever removes it from the handle's registry resumes the caller, so the
/// caller is resumed exactly once even when close races the callback.
final class Completion<Value: Sendable>: PendingCompletion {
    let id: UInt64
    let path: String
    let handle: ZooKeeperHandle
    /// A watch set by this call; dropped unless the result code is one that sets it.
    let watch: Watch?
    let watchSetOn: Set<Int32>
    /// Memory the library writes into when it completes (multi results).
    let buffers: MultiBuffers?
    private let continuation: CheckedContinuation<Result<Value, ZooKeeperError>, Never>

    init(
        id: UInt64, path: String, handle: ZooKeeperHandle, watch: Watch?, watchSetOn: Set<Int32>, buffers: MultiBuffers?,
        continuation: CheckedContinuation<Result<Value, ZooKeeperError>, Never>
    ) {
        self.id = id
        self.path = path
        self.handle = handle
        self.watch = watch
        self.watchSetOn = watchSetOn
        self.buffers = buffers
        self.continuation = continuation
    }

    /// The completion callback's result: decodes only when `code` is ZOK. Runs on a
    /// library thread; never blocks.
    func deliver(_ code: Int32, _ value: () -> Value) {
        guard self.handle.claim(self.id) else { return }
        if let watch, !self.watchSetOn.contains(code) { self.handle.dropWatch(watch.id) }
        if code == ZOK.rawValue {
            self.continuation.resume(returning: .success(value()))
        } else {
            self.continuation.resume(returning: .failure(ZooKeeperError(code: code, path: self.path, state: self.handle.state)))
        }
    }

    /// Resumes with a failure decided on the Swift side (a multi's failing operation).
    func deliverFailure(_ error: ZooKeeperError) {
        guard self.handle.claim(self.id) else { return }
        if let watch { self.handle.dropWatch(watch.id) }
        self.continuation.resume(returning: .failure(error))
    }

    func fail(_ error: ZooKeeperError) {
        if let watch { self.handle.dropWatch(watch.id) }
        self.continuation.resume(returning: .failure(error))
    }
}

extension ZooKeeperHandle {
    /// Starts one asynchronous call and waits for its completion. `start` gets the C handle
    /// and the `data` pointer to pass to the library and returns the library's result code.
    func perform<Value: Sendable>(
        path: String, watch: Watch? = nil, watchSetOn: Set<Int32> = [ZOK.rawValue], buffers: MultiBuffers? = nil,
        _ start: (OpaquePointer, UnsafeMutableRawPointer) -> Int32
    ) async -> Result<Value, ZooKeeperError> {
        await withCheckedContinuation { continuation in
            let id = self.withRegistry { registry in
                registry.nextID += 1
                return registry.nextID
            }
            let completion = Completion<Value>(
                id: id, path: path, handle: self, watch: watch, watchSetOn: watchSetOn, buffers: buffers,
                continuation: continuation)
            self.withRegistry { $0.completions[id] = completion }
            let data = Unmanaged.passRetained(completion).toOpaque()
            let code = self.withHandle { start($0, data) } ?? ZCLOSING.rawValue
            guard code != ZOK.rawValue else { return }
            // The library will not call back: undo its retain and fail the call ourselves,
            // unless close already claimed (and failed) it.
            guard self.claim(id) else { return }
            Unmanaged<Completion<Value>>.fromOpaque(data).release()
            completion.fail(ZooKeeperError(code: code, path: path, state: self.state))
        }
    }

    /// Removes a completion from the registry; true for the one caller that may resume it.
    func claim(_ id: UInt64) -> Bool {
        self.withRegistry { $0.completions.removeValue(forKey: id) != nil }
    }

    /// A new watch on `path`, registered before the call that sets it (the call's completion,
    /// which may drop it again, always comes before its event). On a dead handle the call
    /// fails and drops the watch, so it is never handed out.
    func registerWatch(_ path: String) -> Watch {
        self.withRegistry { registry in
            registry.nextID += 1
            let watch = Watch(path: path, id: registry.nextID)
            registry.watches[watch.id] = watch
            return watch
        }
    }

    /// Forgets a watch the library did not set.
    func dropWatch(_ id: UInt64) {
        _ = self.withRegistry { $0.watches.removeValue(forKey: id) }
    }

    /// Paths with a pending watch of this client, sorted (diagnostics and tests).
    var watchedPaths: [String] {
        self.withRegistry { $0.watches.values.map(\.path) }.sorted()
    }

    /// How many node events (not session losses) this client's watches have delivered.
    var watchEventsDelivered: Int { self.withRegistry { $0.watchEventsDelivered } }
}
