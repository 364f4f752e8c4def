import CZooKeeper

extension ZooKeeperClient {
    /// Applies all operations atomically: either every one succeeds, or none is applied and
    /// the error is `.multiFailed(index:operation:cause:)` naming the first one that failed.
    @discardableResult
    public func multi(_ operations: [ZooKeeperOperation]) async throws(ZooKeeperError) -> [ZooKeeperOperationResult] {
        guard !operations.isEmpty else { return [] }
        for operation in operations { try ZooKeeperPath.validate(operation.path, sequential: operation.isSequentialCreate) }
        let acl = self.handle.usesAuthentication ? czk_everyone_read_creator_all()! : czk_open_acl_unsafe()!
        let buffers = MultiBuffers(operations, acl: acl)
        let label = operations.map(\.path).joined(separator: ", ")
        let result: Result<[ZooKeeperOperationResult], ZooKeeperError> = await self.handle.perform(
            path: label, buffers: buffers
        ) { raw, context in
            zoo_amulti(raw, Int32(operations.count), buffers.ops, buffers.results, multiCompletion, context)
        }
        return try result.get()
    }
}

/// A multi's completion: on failure, blames the operation that failed rather than the batch.
let multiCompletion: void_completion_t = { code, data in
    let completion = Unmanaged<Completion<[ZooKeeperOperationResult]>>.fromOpaque(data!).takeRetainedValue()
    guard let buffers = completion.buffers else {
        completion.deliver(code) { [] }
        return
    }
    if code != ZOK.rawValue, let (index, cause) = buffers.failure() {
        let operation = buffers.operations[index]
        let error = ZooKeeperError(code: cause, path: operation.path, state: completion.handle.state)
        completion.deliverFailure(.multiFailed(index: index, operation: operation, cause: error))
    } else {
        completion.deliver(code) { buffers.decodedResults() }
    }
}
