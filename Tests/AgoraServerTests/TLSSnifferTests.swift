import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import NIOSSL
import Testing

@testable import AgoraServer

/// The connection-level half of TLS: which plaintext peers a policy admits, the first-byte
/// sniffer, and the gate that keeps local plaintext to the executor API.
struct TLSSnifferTests {
    static func address(_ ip: String) throws -> SocketAddress { try SocketAddress(ipAddress: ip, port: 40_000) }

    @Test func policiesAdmitPlaintextPeers() throws {
        let agent = PlaintextPolicy.thisHost(addresses: ["10.0.0.5"], paths: ["/api/v1/executor"])
        #expect(try agent.admits(Self.address("127.0.0.1")))
        #expect(try agent.admits(Self.address("::1")))
        #expect(try agent.admits(Self.address("10.0.0.5")))
        #expect(try agent.admits(Self.address("::ffff:10.0.0.5")))
        #expect(try !agent.admits(Self.address("10.0.0.6")))
        #expect(!agent.admits(nil), "an unknown peer is not local")
        #expect(try PlaintextPolicy.anyone.admits(Self.address("10.0.0.6")))
        #expect(try !PlaintextPolicy.refused.admits(Self.address("127.0.0.1")))
    }

    /// An embedded connection from `peer` with a sniffer under `policy` in front.
    static func connection(from peer: String, policy: PlaintextPolicy) throws -> EmbeddedChannel {
        // The sniffer only hands this context to NIOSSL; no handshake completes here.
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(TLSSniffer(context: context, plaintext: policy, logger: .init(label: "test")))
        channel.remoteAddress = try Self.address(peer)
        try channel.connect(to: Self.address(peer)).wait()
        return channel
    }

    @Test func plaintextFromAnAdmittedPeerPassesAndTheSnifferLeaves() throws {
        let channel = try Self.connection(from: "127.0.0.1", policy: .anyone)
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        #expect(throws: ChannelPipelineError.self) { try channel.pipeline.syncOperations.handler(type: TLSSniffer.self) }
        #expect(channel.isActive)
        _ = try channel.finish()
    }

    @Test func plaintextFromOtherHostsIsClosed() throws {
        let channel = try Self.connection(from: "10.0.0.6", policy: .thisHost(addresses: [], paths: []))
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        #expect(!channel.isActive)
    }

    @Test func aHandshakeRecordGetsTLS() throws {
        let channel = try Self.connection(from: "10.0.0.6", policy: .anyone)
        try channel.writeInbound(ByteBuffer(bytes: [0x16]))
        #expect(throws: Never.self) { try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) }
        #expect(throws: ChannelPipelineError.self) { try channel.pipeline.syncOperations.handler(type: TLSSniffer.self) }
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil, "TLS bytes are not passed on as plaintext")
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    /// An embedded HTTP connection through the gate; `local` marks it as local plaintext.
    static func gated(local: Bool) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: PlaintextPathGate(paths: ["/api/v1/executor"]))
        if local { channel.pipeline.fireUserInboundEventTriggered(LocalPlaintextConnection()) }
        return channel
    }

    static func request(_ path: String) -> HTTPRequestPart {
        .head(HTTPRequest(method: .post, scheme: nil, authority: "agent", path: path))
    }

    @Test func localPlaintextReachesTheExecutorAPIOnly() throws {
        let executor = try Self.gated(local: true)
        try executor.writeInbound(Self.request("/api/v1/executor"))
        #expect(try executor.readInbound(as: HTTPRequestPart.self) != nil)

        let state = try Self.gated(local: true)
        try state.writeInbound(Self.request("/state?x=1"))
        #expect(try state.readInbound(as: HTTPRequestPart.self) == nil)
        guard case .head(let response) = try state.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no response head")
            return
        }
        #expect(response.status == .forbidden)
    }

    @Test func tlsConnectionsAreNotGated() throws {
        let channel = try Self.gated(local: false)
        try channel.writeInbound(Self.request("/state"))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
    }
}
