// swift-tools-version: 6.2
import PackageDescription

/// Homestudio: one package, one executable per service, shared libraries under `Shared/`.
/// A service never depends on another service's target (checked by `scripts/check-imports`).

let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hbTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let configuration = Target.Dependency.product(name: "Configuration", package: "swift-configuration")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let jwt = Target.Dependency.product(name: "JWTKit", package: "jwt-kit")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let bcrypt = Target.Dependency.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")
let tls = Target.Dependency.product(name: "HummingbirdTLS", package: "hummingbird")
let http2 = Target.Dependency.product(name: "HummingbirdHTTP2", package: "hummingbird")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")

let shared: [Target.Dependency] = ["ServiceKit", "Persistence", "Messaging", "AuthKit", "ServiceRuntime"]
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
/// Every executable and the test bundle link with lld (the toolchain's; 2-3x faster than gold here)
/// and pack their relative relocations (DT_RELR, glibc 2.36+): a static release binary's 143,000
/// RELATIVE entries take 28 KB instead of 3.4 MB that the loader reads at every start (idle RSS
/// 1.7 MB lower; scripts/bench/README.md).
let linking: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])]

func service(
    _ name: String, folder: String, extra: [Target.Dependency] = [], resources: [Resource]? = nil
) -> Target {
    .executableTarget(
        name: name,
        dependencies: shared + [hummingbird, httpTypes, postgres, logging, configuration, lifecycle, metrics] + extra,
        path: "services/\(folder)/Sources/\(name)",
        resources: resources,
        swiftSettings: strict,
        linkerSettings: linking
    )
}

let package = Package(
    name: "Homestudio",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "auth", targets: ["Auth"]),
        .executable(name: "catalog", targets: ["Catalog"]),
        .executable(name: "scheduling", targets: ["Scheduling"]),
        .executable(name: "payments", targets: ["Payments"]),
        .executable(name: "notifications", targets: ["Notifications"]),
        .executable(name: "gateway", targets: ["Gateway"]),
        .executable(name: "outbox-bench", targets: ["OutboxBench"]),
        .executable(name: "token-bench", targets: ["TokenBench"]),
        .executable(name: "rush-bench", targets: ["RushBench"]),
        .executable(name: "pay-bench", targets: ["PayBench"]),
        .executable(name: "catalog-bench", targets: ["CatalogBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // MARK: Shared libraries
        .systemLibrary(
            name: "CRabbitMQ",
            path: "Shared/Sources/CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        // libcurl's headers (libcurl4-openssl-dev); the library itself is loaded on first use.
        .target(name: "CCurl", path: "Shared/Sources/CCurl"),
        .systemLibrary(
            name: "CHiredis",
            path: "Shared/Sources/CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(name: "Blocking", path: "Shared/Sources/Blocking", swiftSettings: strict),
        .target(name: "TraceContext", path: "Shared/Sources/TraceContext", swiftSettings: strict),
        .target(
            name: "AMQP", dependencies: ["CRabbitMQ", "Blocking", logging], path: "Shared/Sources/AMQP",
            swiftSettings: strict),
        .target(
            name: "Redis", dependencies: ["CHiredis", logging], path: "Shared/Sources/Redis",
            swiftSettings: strict),
        .target(
            name: "Persistence",
            dependencies: [postgres, logging, configuration],
            path: "Shared/Sources/Persistence",
            swiftSettings: strict
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "AMQP", "Persistence", "TraceContext", "ServiceKit", postgres, logging, metrics, lifecycle,
                configuration,
            ],
            path: "Shared/Sources/Messaging",
            swiftSettings: strict
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "TraceContext", hummingbird, httpTypes, logging, metrics, prometheus, lifecycle, configuration,
                postgres, httpClient,
            ],
            path: "Shared/Sources/ServiceKit",
            swiftSettings: strict
        ),
        .target(
            name: "AuthKit",
            dependencies: ["ServiceKit", hummingbird, httpTypes, jwt, httpClient, logging, configuration],
            path: "Shared/Sources/AuthKit",
            swiftSettings: strict
        ),
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "ServiceKit", "Persistence", "Messaging", "AuthKit", hummingbird, httpTypes, postgres, lifecycle,
                configuration,
            ],
            path: "Shared/Sources/ServiceRuntime",
            swiftSettings: strict
        ),
        .target(name: "Mail", dependencies: ["CCurl", logging], path: "Shared/Sources/Mail", swiftSettings: strict),
        .target(name: "Documents", path: "Shared/Sources/Documents", swiftSettings: strict),

        // MARK: Services
        service(
            "Auth", folder: "auth", extra: [jwt, bcrypt, crypto],
            resources: [.copy("Resources/common-passwords.txt")]),
        service("Catalog", folder: "catalog", extra: [crypto, httpClient]),
        service("Scheduling", folder: "scheduling", extra: [crypto, "Documents"]),
        service("Payments", folder: "payments", extra: [crypto, httpClient, "Documents"]),
        service("Notifications", folder: "notifications", extra: ["Mail", "Documents", mustache, crypto, httpClient]),
        service(
            "Gateway", folder: "gateway", extra: [httpClient, "Redis", "AMQP", "TraceContext", tls, http2, crypto],
            resources: [.copy("Resources/docs")]),

        // MARK: Benchmarks
        .executableTarget(
            name: "OutboxBench",
            dependencies: ["AMQP", "Messaging", "Persistence", postgres, logging],
            path: "scripts/bench/OutboxBench",
            swiftSettings: strict,
            linkerSettings: linking
        ),

        .executableTarget(
            name: "TokenBench",
            dependencies: ["AuthKit", httpClient, logging],
            path: "scripts/bench/TokenBench",
            swiftSettings: strict,
            linkerSettings: linking
        ),

        .executableTarget(
            name: "PayBench",
            dependencies: [httpClient],
            path: "scripts/bench/PayBench",
            swiftSettings: strict,
            linkerSettings: linking
        ),
        .executableTarget(
            name: "CatalogBench",
            dependencies: [httpClient],
            path: "scripts/bench/CatalogBench",
            swiftSettings: strict,
            linkerSettings: linking
        ),
        .executableTarget(
            name: "RushBench",
            dependencies: [httpClient],
            path: "scripts/bench/RushBench",
            swiftSettings: strict,
            linkerSettings: linking
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "ServiceKit", "ServiceRuntime", "AuthKit", httpClient, logging, postgres, configuration, hummingbird,
                crypto, lifecycle,
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "AMQP", "Messaging", "Persistence", "ServiceKit", "AuthKit", "Mail", "Documents", "TestSupport",
                "TraceContext",
                hbTesting,
                postgres, jwt,
            ],
            path: "Tests/SharedTests",
            linkerSettings: linking
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [httpClient, postgres, logging, "AMQP", "TestSupport"],
            path: "Tests/EndToEndTests",
            linkerSettings: linking
        ),
        serviceTests("Auth"), serviceTests("Catalog"), serviceTests("Scheduling"), serviceTests("Payments"),
        serviceTests("Notifications"), serviceTests("Gateway"),
    ]
)

/// `<Name>Tests`: a service's own tests (unit tests and its OpenAPI/route contract).
func serviceTests(_ name: String) -> Target {
    .testTarget(
        name: "\(name)Tests",
        dependencies: [
            .target(name: name), "TestSupport", "ServiceKit", "TraceContext", hbTesting, postgres, configuration,
            crypto,
        ],
        path: "Tests/\(name)Tests",
        linkerSettings: linking
    )
}
