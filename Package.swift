// swift-tools-version: 6.2
// topoc — a declarative topology compiler for mobile-core testbeds.
// Targets follow the pipeline (see docs/architecture.md): each one depends only on those above it.
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "topoc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "topoc", targets: ["topoc"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries, each behind one small module.
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        // libvirt's headers only: the library is opened when first used (see its shim.h).
        .systemLibrary(name: "CLibvirt", providers: [.apt(["libvirt-dev"])]),

        // Spreading independent work over the cores; used by every stage that has enough of it.
        .target(name: "TopocParallel", swiftSettings: strict),

        // The pipeline.
        .target(name: "TopocDiagnostics", swiftSettings: strict),
        .target(name: "TopocYAML", dependencies: ["CYAML", "TopocDiagnostics"], swiftSettings: strict),
        .target(
            name: "TopocModel",
            dependencies: ["TopocYAML", "TopocDiagnostics", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(name: "TopocBind", dependencies: ["TopocModel", "TopocDiagnostics"], swiftSettings: strict),
        .target(name: "TopocValidate", dependencies: ["TopocBind", "TopocModel"], swiftSettings: strict),
        .target(name: "TopocResolve", dependencies: ["TopocBind", "TopocModel"], swiftSettings: strict),
        .target(
            name: "TopocEmit", dependencies: ["TopocModel", "TopocYAML", "TopocParallel"], swiftSettings: strict),
        .target(
            name: "TopocPlan",
            dependencies: ["TopocModel", "TopocBind", "TopocValidate", "TopocResolve", "TopocEmit"],
            swiftSettings: strict),
        .target(
            name: "TopocExecute",
            dependencies: ["TopocPlan", "CLibvirt", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .executableTarget(
            name: "topoc",
            dependencies: [
                "TopocPlan", "TopocExecute", "TopocParallel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "topoc-bench",
            dependencies: ["TopocPlan", "TopocModel", "TopocBind", "TopocValidate", "TopocYAML", "CYAML"],
            path: "Benchmarks/topoc-bench",
            swiftSettings: strict),
        // The libFuzzer target (`make fuzz`). Built plainly it replays saved inputs; see Fuzz/topoc-fuzz.
        .executableTarget(
            name: "topoc-fuzz", dependencies: ["TopocPlan", "TopocDiagnostics"], path: "Fuzz/topoc-fuzz",
            swiftSettings: strict),

        // What the test targets share about this machine: the install table and the missing-tool policy.
        .target(name: "TopocTestSupport", path: "Tests/TopocTestSupport", swiftSettings: strict),
        .testTarget(name: "TopocYAMLTests", dependencies: ["TopocYAML"], swiftSettings: strict),
        .testTarget(name: "TopocModelTests", dependencies: ["TopocModel"], swiftSettings: strict),
        .testTarget(
            name: "TopocCompilerTests", dependencies: ["TopocPlan", "TopocBind"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "TopocEmitTests", dependencies: ["TopocPlan", "TopocEmit", "TopocTestSupport"],
            exclude: ["Open5GSKeys"],
            swiftSettings: strict),
        .testTarget(
            name: "TopocExecuteTests", dependencies: ["TopocExecute", "TopocTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
    ]
)
