import AgentCore
import AgoraModel
import MasterCore
import Testing

extension SimulatedCluster {
    /// Delivers one message to its destination.
    mutating func deliver(_ message: Message) {
        switch message {
        case .toFramework(let index, let connection, let event):
            guard self.frameworks[index].connection == connection else { return }
            self.recordStates(index, event)
            var rng = self.rng
            let calls = self.frameworks[index].handle(event, rng: &rng)
            self.rng = rng
            for call in calls where self.launching || !Self.isLaunch(call) {
                self.network.send(.toMaster(framework: index, self.frameworks[index].connection, call), at: self.now, rng: &self.rng)
            }
            if !self.launching, case .offers(let offers) = event {
                let call = SchedulerCall.decline(offerIDs: offers.map(\.id), refuseSeconds: 3600)
                self.network.send(.toMaster(framework: index, self.frameworks[index].connection, call), at: self.now, rng: &self.rng)
            }
        case .toMaster(let index, let connection, let call):
            guard let id = self.frameworks[index].id, let connection, self.frameworks[index].connection == connection else { return }
            let stream = self.master.frameworks[id]?.streamID
            self.applyMaster(self.master.handle(call, from: id, streamID: stream, now: self.now).1)
        case .masterToAgent(let index, let connection, let message):
            guard self.agents[index].connection == connection else { return }
            self.applyAgent(index, self.handleAtAgent(index, message))
        case .agentToMaster(let index, let connection, let call):
            // Like an HTTP call: it either takes effect and is answered, or its sender sees it fail.
            guard let connection, self.agents[index].connection == connection, let agentID = self.agents[index].core.agentID else {
                self.applyAgent(index, self.agents[index].core.masterCallFinished(call.id, .failed("stream gone"), now: self.now))
                return
            }
            let (result, directives) = self.master.handle(
                Self.masterCall(call.message), fromAgent: agentID, streamID: self.agents[index].streamID, now: self.now)
            self.applyMaster(directives)
            let outcome: DeliveryOutcome = result == .accepted ? .delivered : .failed("\(result)")
            self.applyAgent(index, self.agents[index].core.masterCallFinished(call.id, outcome, now: self.now))
        case .toExecutor(let agent, let connection, let event):
            self.runExecutor(agent, connection, event)
        case .executorUpdate(let agent, let frameworkID, let executorID, let status):
            // The first terminal state wins; nothing follows it.
            guard self.agents[agent].taskEnded[status.taskID] != true else { return }
            if status.state.isTerminal { self.agents[agent].taskEnded[status.taskID] = true }
            self.applyAgent(agent, self.agents[agent].core.executorUpdate(status, from: executorID, of: frameworkID, now: self.now).1)
        case .executorSubscribe(let agent, let frameworkID, let executorID, let containerID):
            guard self.agents[agent].containers[containerID] != nil else { return }
            let connection = self.newConnection()
            self.agents[agent].executors[connection] = (frameworkID, executorID, containerID)
            self.applyAgent(agent, self.agents[agent].core.executorSubscribed(executorID, of: frameworkID, connection: connection, now: self.now).1)
        case .containerExited(let agent, let containerID, let status):
            guard self.agents[agent].containers.removeValue(forKey: containerID) != nil else { return }
            self.applyAgent(agent, self.agents[agent].core.containerExited(containerID, waitStatus: status, now: self.now))
        }
    }

    private mutating func handleAtAgent(_ index: Int, _ message: AgentMessage) -> [AgentDirective] {
        switch message {
        case .subscribed(let agentID, let interval): return self.agents[index].core.registered(as: agentID, heartbeatInterval: interval, now: self.now)
        case .runTasks(let framework, let executor, let tasks, let isGroup):
            return self.agents[index].core.runTasks(framework: framework, executor: executor, tasks: tasks, isGroup: isGroup, now: self.now)
        case .killTask(let frameworkID, let taskID, let grace):
            return self.agents[index].core.killTask(taskID, of: frameworkID, killGracePeriod: grace, now: self.now)
        case .shutdownExecutor(let frameworkID, let executorID):
            return self.agents[index].core.shutdownExecutor(executorID, of: frameworkID, now: self.now)
        case .shutdownFramework(let frameworkID): return self.agents[index].core.shutdownFramework(frameworkID, now: self.now)
        case .acknowledge(let frameworkID, let taskID, let uuid):
            return self.agents[index].core.acknowledge(taskID, uuid: uuid, of: frameworkID, now: self.now)
        case .message, .error, .heartbeat: return []
        }
    }

    static func masterCall(_ call: AgentToMaster) -> AgentCall {
        switch call {
        case .update(let update): .update(update)
        case .executorExited(let frameworkID, let executorID, let status): .executorExited(frameworkID, executorID, status: status)
        case .message(let frameworkID, let executorID, let data): .message(frameworkID, executorID, data: data)
        case .heartbeat: .heartbeat
        }
    }

    static func isLaunch(_ call: SchedulerCall) -> Bool {
        if case .accept = call { return true }
        return false
    }

    mutating func applyAgent(_ index: Int, _ directives: [AgentDirective]) {
        for directive in directives {
            switch directive {
            case .checkpoint, .executorCompleted, .updateContainer:
                break
            case .launchExecutor(let launch):
                self.agents[index].containers[launch.containerID] = (launch.frameworkID, launch.executor.executorID)
                let message = Message.executorSubscribe(agent: index, launch.frameworkID, launch.executor.executorID, launch.containerID)
                self.network.send(message, at: self.now, rng: &self.rng, maxDelayMilliseconds: 50)
            case .destroyContainer(let containerID, _):
                self.network.send(.containerExited(agent: index, containerID, 9), at: self.now, rng: &self.rng)
            case .sendToExecutor(let connection, let event):
                self.network.send(.toExecutor(agent: index, connection, event), at: self.now, rng: &self.rng, maxDelayMilliseconds: 5)
            case .closeExecutorStream(let connection):
                self.agents[index].executors[connection] = nil
            case .sendToMaster(let call):
                guard self.agents[index].connection != nil else {
                    self.applyAgent(index, self.agents[index].core.masterCallFinished(call.id, .failed("no stream"), now: self.now))
                    continue
                }
                self.network.send(.agentToMaster(index, self.agents[index].connection, call), at: self.now, rng: &self.rng)
            }
        }
    }

    /// A command executor in miniature: STARTING and RUNNING at once, then a random end.
    private mutating func runExecutor(_ agent: Int, _ connection: ConnectionID, _ event: ExecutorEvent) {
        guard let (frameworkID, executorID, containerID) = self.agents[agent].executors[connection] else { return }
        func update(_ taskID: TaskID, _ state: TaskState, after milliseconds: Int) {
            var uuid: [UInt8] = []
            for _ in 0..<16 { uuid.append(UInt8.random(in: 0...255, using: &self.rng)) }
            let status = TaskStatus(taskID: taskID, state: state, source: .executor, uuid: uuid)
            self.network.send(.executorUpdate(agent: agent, frameworkID, executorID, status), at: self.now, rng: &self.rng, maxDelayMilliseconds: milliseconds)
        }
        switch event {
        case .launch(let task):
            self.agents[agent].taskEnded[task.taskID] = false
            update(task.taskID, .starting, after: 2)
            update(task.taskID, .running, after: 4)
            update(task.taskID, Bool.random(using: &self.rng) ? .finished : .failed, after: Int.random(in: 50...800, using: &self.rng))
            self.network.send(.containerExited(agent: agent, containerID, 0), at: self.now + .seconds(1), rng: &self.rng)
        case .kill(let taskID, _):
            guard self.agents[agent].taskEnded[taskID] == false else { return }
            update(taskID, .killed, after: 5)
        case .shutdown:
            self.network.send(.containerExited(agent: agent, containerID, 15), at: self.now, rng: &self.rng)
        default:
            break
        }
    }

    /// Keeps, per task, the last non-LOST terminal state a framework saw in a reliable
    /// update (reconciliation answers report the newest state, ahead of older updates the
    /// agent is still delivering in order, so they are left out).
    private mutating func recordStates(_ index: Int, _ event: FrameworkEvent) {
        guard case .update(let status) = event, status.reason != .reconciliation else { return }
        let key = "\(index)/\(status.taskID)"
        if let final = self.finalStates[key], !status.state.isTerminal {
            Issue.record("framework \(index) saw \(status.taskID) go from \(final.name) to \(status.state.name)\n\(self.trace.joined(separator: "\n"))")
        }
        if status.state.isTerminal && status.state != .lost { self.finalStates[key] = status.state }
    }
}
