// swift-tools-version: 6.1
import PackageDescription

/// Pure cores (no I/O, no proto, no NIO): AgoraModel, Allocator.
/// Wire and shells build on them; see docs/architecture.md for the graph.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Agora",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AgoraSDK", targets: ["AgoraSDK"]),
        .library(name: "AgoraExecutor", targets: ["Executor"]),
        .executable(name: "agora", targets: ["agora"]),
        .executable(name: "agora-bench", targets: ["agora-bench"]),
        .executable(name: "agora-executor", targets: ["agora-executor"]),
        .executable(name: "agora-example-shell", targets: ["agora-example-shell"]),
        .executable(name: "agora-example-echo-executor", targets: ["agora-example-echo-executor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        // Generated swift-protobuf code and the Mesos JSON field tables. Regenerate with
        // scripts/generate-protos; never edit by hand.
        .target(
            name: "AgoraProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // IDs, resources, task states: the vocabulary every core speaks. No I/O.
        .target(name: "AgoraModel", swiftSettings: strict),
        // Who may do what: Mesos credentials and ACLs, Basic headers, constant-time checks. Pure.
        .target(
            name: "AgoraSecurity",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strict),
        // Hierarchical weighted DRF allocator: pure and deterministic.
        .target(
            name: "Allocator",
            dependencies: ["AgoraModel", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: strict
        ),
        // The master's state machine: frameworks, agents, offers, tasks. Pure.
        .target(name: "MasterCore", dependencies: ["AgoraModel", "Allocator"], swiftSettings: strict),
        // The agent's state machine: executors, tasks, reliable status updates. Pure.
        .target(name: "AgentCore", dependencies: ["AgoraModel", "AgoraSecurity"], swiftSettings: strict),
        // posix_spawn, a non-polling child reaper, and process-tree signalling.
        .target(name: "CAgoraPosix"),
        .target(name: "AgoraPosix", dependencies: ["CAgoraPosix"], swiftSettings: strict),
        // Wire formats shared by every server and client: RecordIO framing, the Mesos JSON
        // mapping of protobuf messages, media-type negotiation.
        // RecordIO framing alone: no dependencies, so even the command executor can use it.
        .target(name: "AgoraRecordIO", swiftSettings: strict),
        .target(
            name: "AgoraHTTP",
            dependencies: [
                "AgoraRecordIO",
                "AgoraProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        // Model <-> wire conversions: how model values travel as protobuf messages.
        .target(
            name: "AgoraWire",
            dependencies: ["AgoraModel", "AgoraProto", "AgoraHTTP", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        // Hummingbird glue shared by the master, agent and framework servers.
        // Metrics for every server: a Prometheus registry per server (several servers share
        // `agora dev`'s process), the swift-metrics factory over it, and the exposition.
        .target(
            name: "AgoraMetrics",
            dependencies: [
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // TLS as Mesos configures it (LIBPROCESS_SSL_*): the settings, pure, and the
        // swift-nio-ssl configurations servers and clients make of them.
        .target(
            name: "AgoraTLS",
            dependencies: [.product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: strict
        ),
        .target(
            name: "AgoraServer",
            dependencies: [
                "AgoraHTTP", "AgoraMetrics", "AgoraSecurity", "AgoraTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libzookeeper-mt (Debian libzookeeper-mt-dev) and the few C shims Swift needs.
        .target(name: "CZooKeeper", linkerSettings: [.linkedLibrary("zookeeper_mt")]),
        // ZooKeeper client, leader election and master detection (zk://, file://, host:port).
        .target(
            name: "Coordination",
            dependencies: ["CZooKeeper", "AgoraPosix", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // A standalone ZooKeeper server run by Agora itself (agora dev --ha, benchmarks, tests).
        .target(name: "LocalZooKeeper", dependencies: ["AgoraPosix"], swiftSettings: strict),
        // Durable key-value state (the master's registry, the frameworks' state): the
        // protocol, SQLite through GRDB, in-memory.
        .target(
            name: "StateStore",
            dependencies: ["Coordination", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The master's shell: HTTP APIs, event streams and timers around MasterCore.
        .target(
            name: "Master",
            dependencies: [
                "MasterCore", "AgoraWire", "AgoraHTTP", "AgoraHTTPClient", "AgoraServer", "AgoraSecurity", "AgoraMetrics", "StateStore", "Coordination",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // The web UI's static files, compiled in as byte arrays (no bundle to install).
            resources: [.embedInCode("UI")],
            swiftSettings: strict
        ),
        // Client side of the v1 streaming APIs, over AsyncHTTPClient.
        .target(
            name: "AgoraHTTPClient",
            dependencies: [
                "AgoraHTTP", "AgoraTLS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        // The built-in command executor: one thread, one poll loop, its own minimal protobuf
        // and HTTP code; no Foundation, so each per-task process starts in about a millisecond.
        .target(
            name: "CommandExecutor",
            dependencies: ["AgoraRecordIO", "AgoraPosix", "CAgoraPosix"],
            swiftSettings: strict
        ),
        // The library for writing executors in Swift (async, typed messages).
        .target(
            name: "Executor",
            dependencies: ["CommandExecutor", "AgoraProto", "AgoraHTTP", "AgoraPosix"],
            swiftSettings: strict
        ),
        // The agent's shell: executor API, process launch, sandboxes, the master link.
        .target(
            name: "Agent",
            dependencies: [
                "AgentCore", "AgoraWire", "AgoraHTTP", "AgoraHTTPClient", "AgoraServer", "AgoraSecurity", "AgoraMetrics", "AgoraPosix", "Coordination",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The Swift SDK for framework authors.
        .target(
            name: "AgoraSDK",
            dependencies: [
                "AgoraProto", "AgoraHTTP", "AgoraHTTPClient", "AgoraModel", "Coordination", "OfferMatching",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Typed client of the operator APIs (master and agent), with master detection; the
        // `agora` operator commands talk only through it.
        .target(
            name: "OperatorClient",
            dependencies: [
                "AgoraProto", "AgoraHTTP", "AgoraHTTPClient", "AgoraTLS", "Coordination",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        // Offers, resource demands and placement constraints: pure; shared by the apps and
        // jobs frameworks.
        .target(name: "OfferMatching", swiftSettings: strict),
        // The apps framework's state machine (Marathon semantics): pure.
        // What both frameworks' cores share: JSON values and reading, timestamps, task states,
        // Marathon-style validation failures, seeded IDs. Pure.
        .target(name: "FrameworkSupport", path: "frameworks/shared/FrameworkSupport", swiftSettings: strict),
        .target(name: "AppsCore", dependencies: ["OfferMatching", "FrameworkSupport"], path: "frameworks/apps/AppsCore", swiftSettings: strict),
        // The jobs framework's state machine (Chronos and Metronome semantics, schedules): pure.
        .target(name: "JobsCore", dependencies: ["OfferMatching", "FrameworkSupport"], path: "frameworks/jobs/JobsCore", swiftSettings: strict),
        // The jobs framework's server (`agora jobs`): Chronos and Metronome REST APIs over
        // JobsCore, an SDK framework with a timer, a state store and ZooKeeper leadership.
        .target(
            name: "JobsServer",
            dependencies: [
                "JobsCore", "OfferMatching", "AgoraSDK", "AgoraHTTPClient", "AgoraTLS", "StateStore", "Coordination", "AgoraServer", "AgoraSecurity", "AgoraMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "frameworks/jobs/JobsServer",
            swiftSettings: strict
        ),
        // The apps framework's process: Marathon's v2 REST API, SSE, health checks and the
        // framework shell over AppsCore; a framework on the Swift SDK only.
        .target(
            name: "AppsServer",
            dependencies: [
                "AppsCore", "OfferMatching", "AgoraSDK", "AgoraHTTPClient", "AgoraTLS", "StateStore", "Coordination", "AgoraServer", "AgoraSecurity", "AgoraMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "frameworks/apps/AppsServer",
            swiftSettings: strict
        ),
        // Test support only: real processes on loopback, bounded waits.
        .target(
            name: "AgoraTestKit",
            dependencies: [
                "AgoraPosix", "AgoraSDK", "LocalZooKeeper", "StateStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // What the executables share to start: NIO-threaded concurrency and argument parsing.
        .target(
            name: "AgoraCommandLine",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "agora",
            dependencies: [
                "AgoraModel", "Master", "Agent", "CommandExecutor", "AgoraPosix", "AgoraServer", "AgoraSecurity", "AgoraTLS", "AgoraCommandLine", "Coordination", "LocalZooKeeper",
                "JobsServer", "AppsServer", "OperatorClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The command executor alone, so agents start it fast (also `agora executor`).
        .executableTarget(
            name: "agora-executor",
            dependencies: ["CommandExecutor", "AgoraPosix"],
            swiftSettings: strict,
            // Fully static: no dynamic loader, no symbol binding and no relocation of Swift
            // metadata at start, which was most of an executor's start-up cost
            // (docs/performance.md). Hence no name lookups in it (glibc's NSS is dynamic).
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        // A complete SDK framework: runs shell commands and prints how they ended.
        .executableTarget(
            name: "agora-example-shell",
            dependencies: ["AgoraSDK"],
            path: "frameworks/examples/shell-commands",
            swiftSettings: strict
        ),
        // A custom executor on the Executor library: echoes task data and messages.
        .executableTarget(
            name: "agora-example-echo-executor",
            dependencies: ["Executor", "AgoraProto"],
            path: "frameworks/examples/echo-executor",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "agora-bench",
            dependencies: [
                "AgoraModel",
                "Allocator",
                "AgoraSDK",
                "AgoraPosix",
                "AgoraCommandLine",
                "LocalZooKeeper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        // Test helper: writes numbered batches to a store until killed (crash-safety tests).
        .executableTarget(name: "statestore-crash-writer", dependencies: ["StateStore", "Coordination"], swiftSettings: strict),
        .testTarget(
            name: "StateStoreTests",
            dependencies: ["StateStore", "AgoraPosix", "AgoraTestKit", "Coordination", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CoordinationTests",
            dependencies: ["Coordination", "AgoraTestKit", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MasterTests",
            dependencies: [
                "Master", "MasterCore", "AgoraModel", "Allocator", "StateStore", "AgoraServer", "AgoraSecurity", "AgoraMetrics", "AgoraTestKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(name: "OfferMatchingTests", dependencies: ["OfferMatching"], swiftSettings: strict),
        .testTarget(name: "AppsCoreTests", dependencies: ["AppsCore", "OfferMatching", "FrameworkSupport"], swiftSettings: strict),
        .testTarget(name: "JobsCoreTests", dependencies: ["JobsCore", "OfferMatching", "FrameworkSupport"], swiftSettings: strict),
        .testTarget(
            name: "JobsServerTests",
            dependencies: [
                "JobsServer", "JobsCore", "AgoraTestKit", "AgoraSDK", "StateStore", "AgoraServer", "AgoraSecurity",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AppsServerTests",
            dependencies: [
                "AppsServer", "AppsCore", "AgoraSDK", "AgoraTestKit", "StateStore", "AgoraSecurity",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "AgoraModelTests", dependencies: ["AgoraModel"], swiftSettings: strict),
        .testTarget(
            name: "AgoraMetricsTests",
            dependencies: ["AgoraMetrics", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: strict),
        .testTarget(name: "CommandExecutorTests", dependencies: ["CommandExecutor"], swiftSettings: strict),
        .testTarget(name: "MasterCoreTests", dependencies: ["MasterCore", "AgoraModel", "Allocator"], swiftSettings: strict),
        .testTarget(name: "AgoraWireTests", dependencies: ["AgoraWire", "AgoraModel", "AgoraHTTP"], swiftSettings: strict),
        .testTarget(name: "AgentCoreTests", dependencies: ["AgentCore", "AgoraModel"], swiftSettings: strict),
        .testTarget(name: "AgoraPosixTests", dependencies: ["AgoraPosix"], swiftSettings: strict),
        .testTarget(name: "AgoraSecurityTests", dependencies: ["AgoraSecurity"], swiftSettings: strict),
        .testTarget(name: "AgoraTLSTests", dependencies: ["AgoraTLS"], swiftSettings: strict),
        .testTarget(
            name: "AgoraServerTests",
            dependencies: [
                "AgoraServer",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "Agent", "AgentCore", "AgoraModel", "AgoraWire", "AgoraHTTP", "AgoraPosix", "AgoraTestKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["AgoraTestKit", "AgoraSDK", "AgoraPosix", "StateStore", "OperatorClient", "AgoraProto", "AgoraHTTP", "AgoraSecurity"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "SimulationTests", dependencies: ["MasterCore", "AgentCore", "AgoraModel"], swiftSettings: strict),
        .testTarget(name: "AllocatorTests", dependencies: ["Allocator", "AgoraModel"], swiftSettings: strict),
        .testTarget(
            name: "AgoraHTTPTests",
            dependencies: ["AgoraHTTP", "AgoraProto"],
            swiftSettings: strict
        ),
    ]
)
