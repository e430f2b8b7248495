// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "caja",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CajaCore", targets: ["CajaCore"]),
        .library(name: "CajaServer", targets: ["CajaServer"]),
        .library(name: "CajaRegister", targets: ["CajaRegister"]),
        .library(name: "CajaTill", targets: ["CajaTill"]),
        .executable(name: "caja-server", targets: ["caja-server"]),
        .executable(name: "caja", targets: ["caja"]),
        .executable(name: "caja-dgi-sim", targets: ["caja-dgi-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Already built for Hummingbird; named so the server's services stop in their order.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "CajaCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "DGISimulator",
            dependencies: ["CajaCore", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "caja-dgi-sim",
            dependencies: ["DGISimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "CajaServer",
            dependencies: [
                "CajaCore",
                "DGISimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/panel.css")]
        ),
        .executableTarget(
            name: "caja-server",
            dependencies: [
                "CajaServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CajaRegister",
            dependencies: [
                "CajaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The till screen (`caja ui`): a local Hummingbird app over the register, with its page.
        .target(
            name: "CajaTill",
            dependencies: [
                "CajaRegister",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/index.html"), .copy("Resources/till.css"), .copy("Resources/till.js")]
        ),
        .executableTarget(
            name: "caja",
            dependencies: [
                "CajaRegister",
                "CajaTill",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers of more than one test target: xmllint/xmlsec1, a test clock, a register home.
        .target(name: "CajaTestSupport", dependencies: ["CajaRegister"], path: "Tests/CajaTestSupport"),
        // A live caja-server for the tests that drive a register against one (end to end, the till).
        .target(name: "CajaServerTestSupport", dependencies: ["CajaServer", "CajaTestSupport",
                                                            .product(name: "Logging", package: "swift-log")],
                path: "Tests/CajaServerTestSupport"),
        .testTarget(name: "CajaCoreTests", dependencies: ["CajaCore", "CajaTestSupport"]),
        // The register's store and journal on their own, with no server.
        .testTarget(name: "CajaRegisterTests", dependencies: ["CajaRegister", "CajaTestSupport"]),
        .testTarget(
            name: "CajaServerTests",
            dependencies: [
                "CajaServer",
                "DGISimulator",
                "CajaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                // Truly parallel requests (HummingbirdTesting's live client has one connection).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The register against a real caja-server over loopback.
        // The register and the server never import each other; only these tests see both.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "CajaRegister",
                "CajaServer",
                "CajaTestSupport",
                "CajaServerTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The till's JSON API against a real caja-server on loopback and a real store.
        .testTarget(
            name: "CajaTillTests",
            dependencies: [
                "CajaTill",
                "CajaRegister",
                "CajaServer",
                "CajaTestSupport",
                "CajaServerTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Benchmarks (scripts/bench.sh) are built only when asked for, so the test command and CI
// never compile them: CAJA_BENCHMARKS=1 swift build -c release --product caja-bench
if Context.environment["CAJA_BENCHMARKS"] == "1" {
    package.products.append(.executable(name: "caja-bench", targets: ["caja-bench"]))
    package.targets.append(.executableTarget(
        name: "caja-bench",
        dependencies: [
            "CajaCore", "CajaServer", "CajaRegister", "CajaTill",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "SQLKit", package: "sql-kit"),
        ],
        path: "Benchmarks/CajaBench"
    ))
}
