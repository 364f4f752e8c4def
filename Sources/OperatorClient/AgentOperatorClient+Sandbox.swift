import AgoraHTTPClient
import AgoraTLS
import AsyncHTTPClient
import Foundation
import NIOCore

extension AgentOperatorClient {
    /// The sandbox directory of the executor that runs `taskID` (of `frameworkID`) on this
    /// agent, from the agent's `/state` (the v1 API's executors carry no directory; Mesos's
    /// own CLI reads it there too). nil when the agent does not know the task.
    public func sandbox(of taskID: String, frameworkID: String) async throws(OperatorClientError) -> String? {
        let url = self.baseURL + "/state"
        let body: ByteBuffer
        do {
            let response = try await self.http.execute(HTTPClientRequest(url: try ProcessTLS.url(url)), timeout: .seconds(30))
            guard response.status == .ok else {
                throw OperatorClientError(kind: .unexpected, status: Int(response.status.code), message: "the agent answered \(url) with \(response.status)")
            }
            body = try await response.body.collect(upTo: 64 << 20)
        } catch let error as OperatorClientError {
            throw error
        } catch {
            throw OperatorClientError(kind: .transport, message: "cannot reach the agent at \(url): \(error)")
        }
        return try Self.sandbox(of: taskID, frameworkID: frameworkID, inState: Data(body.readableBytesView))
    }

    /// Finds the executor directory of a task in an agent's `/state` document.
    static func sandbox(of taskID: String, frameworkID: String, inState data: Data) throws(OperatorClientError) -> String? {
        let state: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw OperatorClientError(kind: .unexpected, message: "the agent's /state is not a JSON object")
            }
            state = object
        } catch let error as OperatorClientError {
            throw error
        } catch {
            throw OperatorClientError(kind: .unexpected, message: "the agent's /state does not parse: \(error)")
        }
        let frameworks = (state["frameworks"] as? [[String: Any]] ?? []).filter { $0["id"] as? String == frameworkID }
        for executor in frameworks.flatMap({ $0["executors"] as? [[String: Any]] ?? [] }) {
            let tasks = (executor["tasks"] as? [[String: Any]] ?? []) + (executor["queued_tasks"] as? [[String: Any]] ?? [])
            if tasks.contains(where: { $0["id"] as? String == taskID }) { return executor["directory"] as? String }
        }
        let completed = (state["completed_executors"] as? [[String: Any]] ?? []).filter { $0["framework_id"] as? String == frameworkID }
        for executor in completed {
            let tasks = executor["tasks"] as? [[String: Any]] ?? []
            if tasks.contains(where: { $0["id"] as? String == taskID }) || executor["id"] as? String == taskID {
                return executor["directory"] as? String
            }
        }
        return nil
    }
}
