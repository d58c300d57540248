// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares (STYLE.md §0).
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Hot-loop targets are compiled for AVX2/FMA in release builds (DESIGN.md §6: baseline x86-64
/// SIMD is up to 30× slower). Every x86-64 server CPU since 2013 has these instructions.
let kernelSwiftSettings: [SwiftSetting] = sharedSwiftSettings + [
    .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "m3clip",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "m3clip", targets: ["m3clip"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The search API. Only the FullFoundation trait: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Layer 0: system libraries.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        .systemLibrary(name: "COpenJPEG", pkgConfig: "libopenjp2", providers: [.apt(["libopenjp2-7-dev"])]),
        .target(name: "CImageCodecs", dependencies: ["COpenJPEG"], linkerSettings: [.linkedLibrary("charls")]),
        .target(name: "CPlatform"),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Layer 1.
        .target(name: "Radiology", resources: [.copy("Resources")], swiftSettings: kernelSwiftSettings),
        .target(name: "Tensors", dependencies: ["COpenBLAS"], swiftSettings: kernelSwiftSettings),

        // Layer 2.
        .target(name: "Formats", dependencies: ["CLibXML2", "CPNG", "CZlib", "CJPEG", "CImageCodecs", "Radiology"], swiftSettings: sharedSwiftSettings),
        .target(name: "Phantoms", dependencies: ["Radiology", "Formats"], swiftSettings: kernelSwiftSettings),
        .target(name: "Models", dependencies: ["Tensors"], swiftSettings: kernelSwiftSettings),
        .target(name: "Translation", dependencies: ["Radiology"], swiftSettings: sharedSwiftSettings),

        // Layer 3.
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "CCrypto", "CPlatform", "Radiology", "Translation"], swiftSettings: sharedSwiftSettings),

        .target(name: "Training", dependencies: ["Models", "Tensors", "Radiology"], resources: [.copy("Resources")],
                swiftSettings: kernelSwiftSettings),
        .target(name: "Index", dependencies: ["COpenBLAS", "CCrypto"], swiftSettings: kernelSwiftSettings),

        // Layer 4.
        .target(
            name: "Daemon",
            dependencies: ["Store", "Formats", "Radiology", "Translation", "Models", "Training", "Index", "Phantoms", "Tensors", "CPlatform",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            resources: [.copy("Resources")],
            swiftSettings: sharedSwiftSettings),

        // Layer 5.
        .executableTarget(
            name: "m3clip",
            dependencies: ["Daemon", "Store", "Formats", "Radiology", "Phantoms", "Translation", "Models", "Training", "Index", "Tensors",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: sharedSwiftSettings),

        // Benchmarks: plain executables, separate from the tests; run with `swift run -c release NAME`.
        .executableTarget(name: "IngestBenchmark", dependencies: ["Daemon", "Store", "Formats", "Radiology"],
                          path: "Benchmarks/Sources/IngestBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "DICOMBenchmark", dependencies: ["Formats"],
                          path: "Benchmarks/Sources/DICOMBenchmark", swiftSettings: sharedSwiftSettings),
        .executableTarget(name: "ReliabilityLoop", dependencies: ["Formats", "Store"],
                          path: "Benchmarks/Sources/ReliabilityLoop", swiftSettings: sharedSwiftSettings),
        .executableTarget(name: "DaemonBenchmark", path: "Benchmarks/Sources/DaemonBenchmark", swiftSettings: sharedSwiftSettings),
        .executableTarget(name: "FreshnessBenchmark", path: "Benchmarks/Sources/FreshnessBenchmark", swiftSettings: sharedSwiftSettings),
        .executableTarget(name: "LabelerBenchmark", dependencies: ["Radiology"],
                          path: "Benchmarks/Sources/LabelerBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "TensorBenchmark", dependencies: ["Tensors"],
                          path: "Benchmarks/Sources/TensorBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "EncoderBenchmark", dependencies: ["Models", "Tensors"],
                          path: "Benchmarks/Sources/EncoderBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "TextPretrainingBenchmark", dependencies: ["Training", "Models", "Tensors", "Radiology", "Phantoms"],
                          path: "Benchmarks/Sources/TextPretrainingBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "TrainingBenchmark", dependencies: ["Training", "Models", "Tensors", "Radiology"],
                          path: "Benchmarks/Sources/TrainingBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "IndexBenchmark", dependencies: ["Index", "COpenBLAS"],
                          path: "Benchmarks/Sources/IndexBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "DeidentificationBenchmark", dependencies: ["Radiology", "Phantoms"],
                          path: "Benchmarks/Sources/DeidentificationBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "PhantomBenchmark", dependencies: ["Phantoms"],
                          path: "Benchmarks/Sources/PhantomBenchmark", swiftSettings: kernelSwiftSettings),
        .executableTarget(name: "TranslationBenchmark", dependencies: ["Translation", "Store", "Radiology"],
                          path: "Benchmarks/Sources/TranslationBenchmark", swiftSettings: kernelSwiftSettings),
        // Decoder fuzzing (Scripts/fuzz.sh): replays Tests/Fuzz/Corpus in a normal build, libFuzzer with -D FUZZING.
        .executableTarget(name: "Fuzz", dependencies: ["Formats", "Radiology", "Daemon"], path: "Tests/Fuzz/Sources", swiftSettings: sharedSwiftSettings),

        .testTarget(name: "RadiologyTests", dependencies: ["Radiology"], exclude: ["LICENSE_MIT_chexpert-labeler.txt"],
                    swiftSettings: sharedSwiftSettings),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"], resources: [.copy("Fixtures")], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Tensors"], resources: [.copy("Fixtures")], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Models", "Tensors", "Radiology"], resources: [.copy("Fixtures")],
                    swiftSettings: sharedSwiftSettings),
        .testTarget(name: "FormatsTests", dependencies: ["Formats"], resources: [.copy("Fixtures")], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "PhantomsTests", dependencies: ["Phantoms", "Formats", "Radiology"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "TranslationTests", dependencies: ["Translation", "Store", "Radiology", "Daemon"],
                    swiftSettings: sharedSwiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "IndexTests", dependencies: ["Index"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Training", "Models", "Tensors", "Radiology"], swiftSettings: sharedSwiftSettings),
        .testTarget(name: "M3ClipTests", dependencies: ["m3clip"], swiftSettings: sharedSwiftSettings),
    ]
)
