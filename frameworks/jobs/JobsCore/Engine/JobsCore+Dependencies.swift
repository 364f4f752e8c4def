/// Why a job change was refused; each view words it in its own format.
public enum JobChangeProblem: Error, Hashable, Sendable {
    /// A dependent job without parents.
    case noParents
    /// Parents that are not jobs.
    case unknownParents([String])
    /// The change would close a cycle; the path runs from the job back to itself.
    case cycle([String])
    /// The schedule does not parse (normally caught by the view's decoding already).
    case schedule(ScheduleError)
}

extension JobsCore {
    /// Chronos's edge counting (`JobGraph.getExecutableChildren`): a child with one parent runs
    /// after every success of it; a child with several runs when the edge from this parent has
    /// been used as often as the least-used edge, i.e. once all parents succeeded since its last
    /// dependency run. The counters are persisted with the child and reset when it is triggered.
    /// The run's due time is the parent's completion time.
    mutating func triggerChildren(of parent: String, now: Timestamp) {
        for child in (self.childrenByParent[parent] ?? []).sorted() {
            guard var record = self.jobs[child] else { continue }
            let parents = record.definition.parents
            guard parents.contains(parent) else { continue }
            var fire = parents.count == 1
            if !fire {
                record.parentEdgeCounts[parent, default: 0] += 1
                let minimum = parents.map { record.parentEdgeCounts[$0] ?? 0 }.min() ?? 0
                fire = record.parentEdgeCounts[parent] == minimum
            }
            if fire { record.parentEdgeCounts = [:] }
            self.jobs[child] = record
            self.saveJob(child)
            if fire { _ = self.createRun(child, due: now, trigger: .dependency(parent: parent), arguments: nil, now: now) }
        }
    }

    /// Checks a definition's parents against the current jobs: they must exist, and the job
    /// must not become its own ancestor.
    func dependencyProblem(_ definition: JobDefinition) -> JobChangeProblem? {
        guard case .parents(let parents) = definition.trigger else { return nil }
        guard !parents.isEmpty else { return .noParents }
        let unknown = parents.filter { $0 != definition.id && self.jobs[$0] == nil }
        guard unknown.isEmpty else { return .unknownParents(unknown) }
        for parent in parents {
            if let path = self.ancestorPath(from: parent, to: definition.id, visited: []) {
                return .cycle([definition.id] + path)
            }
        }
        return nil
    }

    /// A path `start → … → target` following parent links, if one exists.
    private func ancestorPath(from start: String, to target: String, visited: Set<String>) -> [String]? {
        if start == target { return [start] }
        guard !visited.contains(start), let parents = self.jobs[start]?.definition.parents else { return nil }
        for parent in parents {
            if let path = self.ancestorPath(from: parent, to: target, visited: visited.union([start])) {
                return [start] + path
            }
        }
        return nil
    }

    /// Chronos's delete re-wiring: the children of a deleted dependent job take its parents; a
    /// child whose only parent was a deleted scheduled job becomes scheduled with that schedule
    /// (a child with other parents just loses this one); a child whose only parent was a manual
    /// job becomes manual. Edge counters of the changed edges start from zero.
    mutating func rewireChildren(of deleted: JobDefinition, now: Timestamp) {
        for child in (self.childrenByParent[deleted.id] ?? []).sorted() {
            guard var record = self.jobs[child] else { continue }
            let others = record.definition.parents.filter { $0 != deleted.id }
            let inherited = deleted.parents.filter { !others.contains($0) && $0 != child }
            record.parentEdgeCounts[deleted.id] = nil
            if !others.isEmpty || !inherited.isEmpty {
                record.definition.trigger = .parents(others + inherited)
            } else if let schedule = deleted.schedule, let parsed = self.parsedSchedules[deleted.id] {
                record.definition.trigger = .schedule(schedule)
                record.scheduleCursor = self.jobs[deleted.id]?.scheduleCursor ?? Self.initialCursor(for: parsed, now: now)
            } else {
                record.definition.trigger = .manual
            }
            self.storeJob(record, now: now)
        }
    }
}
