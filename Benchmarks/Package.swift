// swift-tools-version:6.1
// Benchmarks: plain executables, built in release mode, each printing its figures next to the
// reference the issue names. Run from the repository root, e.g.
//   swift run -c release --package-path Benchmarks --scratch-path .build-bench LabelerBenchmark
import PackageDescription

let release: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "m3clip-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "m3clip", path: "..")],
    targets: [
        .executableTarget(name: "IngestBenchmark",
                          dependencies: [.product(name: "Daemon", package: "m3clip"), .product(name: "Store", package: "m3clip"),
                                         .product(name: "Formats", package: "m3clip")], swiftSettings: release),
        .executableTarget(name: "LabelerBenchmark",
                          dependencies: [.product(name: "Radiology", package: "m3clip")], swiftSettings: release),
        .executableTarget(name: "TensorBenchmark",
                          dependencies: [.product(name: "Tensors", package: "m3clip")], swiftSettings: release),
        .executableTarget(name: "PhantomBenchmark",
                          dependencies: [.product(name: "Phantoms", package: "m3clip")], swiftSettings: release),
    ]
)
