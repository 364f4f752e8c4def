import AgoraMetrics
import Hummingbird
import NIOCore

extension Router where Context == AgoraRequestContext {
    /// `GET /metrics`: runs `refresh` (to bring gauges up to date with the server's state),
    /// then answers the registry in the Prometheus text format.
    public func addMetricsEndpoint(
        _ registry: MetricsRegistry, path: String = "/metrics", refresh: @escaping @Sendable () async -> Void = {}
    ) {
        self.get(RouterPath(path)) { _, _ in
            await refresh()
            return Response(
                status: .ok, headers: [.contentType: MetricsRegistry.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.exposition())))
        }
    }
}
