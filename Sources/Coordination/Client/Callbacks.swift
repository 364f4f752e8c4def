import CZooKeeper

// The C library calls these on its completion thread (or, while closing, on the closing
// thread). Each one decodes what it needs from memory that is only valid during the call,
// then resumes a continuation or fires a watch: nothing here waits for anything.

/// The session watcher given to `zookeeper_init`: session state changes.
let handleSessionEvent: watcher_fn = { _, type, state, _, context in
    guard type == ZOO_SESSION_EVENT, let context else { return }
    ZooKeeperHandle.from(context).sessionChanged(SessionState(cState: state))
}

/// The watcher of every `zoo_aw*` call; its context is the watch id, not a pointer.
let handleWatchEvent: watcher_fn = { zh, type, state, path, context in
    guard let zh, let owner = zoo_get_context(zh) else { return }
    let id = UInt64(UInt(bitPattern: context))
    let handle = ZooKeeperHandle.from(owner)
    if type == ZOO_SESSION_EVENT {
        let session = SessionState(cState: state)
        if session.isFinal { handle.fireWatch(id, .sessionLost(session), isNodeEvent: false) }
        return
    }
    let node = path.map { String(cString: $0) } ?? ""
    let event: WatchEvent
    switch type {
    case ZOO_CREATED_EVENT: event = .created(path: node)
    case ZOO_DELETED_EVENT: event = .deleted(path: node)
    case ZOO_CHANGED_EVENT: event = .dataChanged(path: node)
    case ZOO_CHILD_EVENT: event = .childrenChanged(path: node)
    default: event = .removed(path: node)
    }
    handle.fireWatch(id, event, isNodeEvent: true)
}

let ignoreAuthResult: void_completion_t = { _, _ in }

let voidCompletion: void_completion_t = { code, data in
    Unmanaged<Completion<Void>>.fromOpaque(data!).takeRetainedValue().deliver(code) { () }
}

let stringCompletion: string_completion_t = { code, value, data in
    Unmanaged<Completion<String>>.fromOpaque(data!).takeRetainedValue().deliver(code) { String(cString: value!) }
}

let statCompletion: stat_completion_t = { code, stat, data in
    Unmanaged<Completion<NodeStat>>.fromOpaque(data!).takeRetainedValue().deliver(code) { NodeStat(stat!.pointee) }
}

/// `exists`: an absent node is a result (nil), not an error.
let existsCompletion: stat_completion_t = { code, stat, data in
    let completion = Unmanaged<Completion<NodeStat?>>.fromOpaque(data!).takeRetainedValue()
    if code == ZNONODE.rawValue {
        completion.deliver(ZOK.rawValue) { nil }
    } else {
        completion.deliver(code) { NodeStat(stat!.pointee) }
    }
}

let dataCompletion: data_completion_t = { code, value, length, stat, data in
    Unmanaged<Completion<([UInt8], NodeStat)>>.fromOpaque(data!).takeRetainedValue().deliver(code) {
        let bytes = value.map { value in
            Array(UnsafeRawBufferPointer(start: value, count: Int(max(length, 0))))
        } ?? []
        return (bytes, NodeStat(stat!.pointee))
    }
}

let childrenCompletion: strings_completion_t = { code, strings, data in
    Unmanaged<Completion<[String]>>.fromOpaque(data!).takeRetainedValue().deliver(code) {
        guard let strings = strings?.pointee, let names = strings.data else { return [] }
        return (0..<Int(strings.count)).map { String(cString: names[$0]!) }
    }
}

extension ZooKeeperHandle {
    /// A session state change from the library.
    func sessionChanged(_ new: SessionState) {
        let lostWatches: [Watch]? = self.withRegistry { registry in
            guard !registry.closing, !registry.state.isFinal else { return nil }
            registry.state = new
            guard new.isFinal else { return [] }
            defer { registry.watches.removeAll() }
            return Array(registry.watches.values)
        }
        guard let lostWatches else { return }
        for watch in lostWatches { watch.fire(.sessionLost(new)) }
        self.states.publish(new)
    }

    /// A watch's event from the library.
    func fireWatch(_ id: UInt64, _ event: WatchEvent, isNodeEvent: Bool) {
        let watch = self.withRegistry { registry in
            let watch = registry.watches.removeValue(forKey: id)
            if watch != nil, isNodeEvent { registry.watchEventsDelivered += 1 }
            return watch
        }
        watch?.fire(event)
    }
}
