// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: Core ← Store ← Exchange; Core ← Terminal ← Screens; Core ← Print; Core ← SampleData;
// App wires them all.
let package = Package(
    name: "shubbak",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shubbak", targets: ["shubbak"]),
        .executable(name: "shubbak-bench", targets: ["shubbak-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CFriBidi", path: "Sources/CFriBidi", pkgConfig: "fribidi", providers: [.apt(["libfribidi-dev"])]),
        .systemLibrary(name: "CPangoCairo", path: "Sources/CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CZint", path: "Sources/CZint", providers: [.apt(["libzint-dev"])]),
        .target(
            name: "ShubbakCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Core"),
        .target(
            name: "ShubbakStore",
            dependencies: ["ShubbakCore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/Store"),
        .target(
            name: "ShubbakExchange",
            dependencies: [
                "ShubbakCore", "ShubbakStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Exchange"),
        .target(
            name: "ShubbakTerminal",
            dependencies: ["ShubbakCore", "CNcursesw", "CFriBidi", "TOMLKit"],
            path: "Sources/Terminal"),
        .target(
            name: "ShubbakScreens",
            dependencies: ["ShubbakCore", "ShubbakTerminal"],
            path: "Sources/Screens"),
        .target(
            name: "ShubbakPrint",
            dependencies: ["ShubbakCore", "CPangoCairo", "CZint"],
            path: "Sources/Print"),
        // The central office's sample catalog and a generator of requests: the demo center, the benchmarks and tests.
        .target(
            name: "ShubbakSampleData",
            dependencies: ["ShubbakCore"],
            path: "Sources/SampleData"),
        .executableTarget(
            name: "shubbak",
            dependencies: [
                "ShubbakCore", "ShubbakStore", "ShubbakExchange", "ShubbakTerminal", "ShubbakScreens", "ShubbakPrint",
                "ShubbakSampleData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                "TOMLKit",
            ],
            path: "Sources/App"),
        // Measures the figures of docs/benchmarks.md; never shipped to a center.
        .executableTarget(
            name: "shubbak-bench",
            dependencies: [
                "ShubbakCore", "ShubbakStore", "ShubbakExchange", "ShubbakTerminal", "ShubbakScreens", "ShubbakSampleData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Bench"),
        .testTarget(name: "CoreTests", dependencies: ["ShubbakCore", "ShubbakSampleData"]),
        .testTarget(name: "StoreTests", dependencies: ["ShubbakCore", "ShubbakStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ExchangeTests", dependencies: ["ShubbakCore", "ShubbakStore", "ShubbakExchange", "ShubbakSampleData"]),
        .testTarget(name: "TerminalTests", dependencies: ["ShubbakTerminal"]),
        .testTarget(name: "ScreensTests", dependencies: ["ShubbakScreens", "ShubbakTerminal", "ShubbakCore"]),
        .testTarget(name: "PrintTests", dependencies: ["ShubbakPrint", "ShubbakCore", "ShubbakSampleData"]),
        .testTarget(name: "AppTests", dependencies: ["shubbak", "ShubbakCore", "ShubbakStore", "ShubbakExchange",
                                                     "ShubbakTerminal", "ShubbakScreens", "ShubbakSampleData"]),
    ],
    swiftLanguageModes: [.v6]
)
