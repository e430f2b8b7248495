// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "caja",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CajaCore", targets: ["CajaCore"]),
        .executable(name: "caja-server", targets: ["caja-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
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
        .executableTarget(name: "caja-server", dependencies: ["CajaCore"]),
        .testTarget(name: "CajaCoreTests", dependencies: ["CajaCore"]),
    ],
    swiftLanguageModes: [.v6]
)
