// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Atelier",
    // Linux only (Glibc, epoll in libmicrohttpd, pidfd in swift-subprocess): no `platforms:` line
    // claims a platform that was never built.
    products: [
        .executable(name: "atelier", targets: ["atelier"]),
        .executable(name: "kubectl-standin", targets: ["KubectlStandin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    ],
    targets: [
        // C libraries: one [system] module each, wrapped by exactly one Swift file.
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),

        // System calls in one place: `syscall` (EINTR retried, errno named), signal handlers.
        .target(name: "CAtelierSystem"),
        .target(name: "AtelierSystem", dependencies: ["CAtelierSystem"]),

        // HTTP layer on libmicrohttpd: server, router, errors, static files, metrics.
        .target(
            name: "AtelierHTTP",
            dependencies: ["CMicroHTTPD", "AtelierSystem", .product(name: "Logging", package: "swift-log")]
        ),
        // Child processes through swift-subprocess: argv arrays, deadline, output caps, group
        // teardown, reaping, streaming of long-lived children; no thread per child.
        .target(
            name: "AtelierProcess",
            dependencies: [
                "AtelierSystem",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The content vocabulary lessons, checks and progress share: identifiers, JSON values,
        // check specs and results, quiz questions, French message text. A leaf: no I/O.
        .target(name: "AtelierContent"),
        // The only code that talks to a cluster: kubectl runner and its errors, cluster settings,
        // snapshots and object states.
        .target(
            name: "AtelierCluster",
            dependencies: ["AtelierContent", "AtelierProcess", "AtelierSystem", .product(name: "Logging", package: "swift-log")]
        ),
        // The check language: kinds, engine, quiz grading, environment report, cluster view.
        .target(
            name: "AtelierChecks",
            dependencies: ["AtelierContent", "AtelierCluster", .product(name: "Logging", package: "swift-log")]
        ),
        // Lesson manifests and Markdown rendering with cmark (+ GFM tables).
        .target(
            name: "AtelierLessons",
            dependencies: ["CCmark", "AtelierContent"]
        ),
        // Learners, crash-safe progress files, trainer views, CSV.
        .target(
            name: "AtelierProgress",
            dependencies: [
                "AtelierSystem", "AtelierContent",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Configuration, routes and handlers: `buildApplication(config:)`.
        .target(
            name: "AtelierApp",
            dependencies: [
                "AtelierHTTP", "AtelierLessons", "AtelierContent", "AtelierCluster", "AtelierChecks", "AtelierProgress",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "atelier",
            dependencies: [
                "AtelierApp", "AtelierSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A stand-in `kubectl` the tests ship: answers from scenario fixtures.
        .executableTarget(
            name: "KubectlStandin",
            path: "Tests/KubectlStandin",
            exclude: ["scenarios", "README.md"]
        ),

        // Helpers shared by the test suites: a raw-socket HTTP client, temp folders, process helpers,
        // and the signals tests wait on instead of sleeping (gates, inotify, pidfd).
        .systemLibrary(name: "CTestSupport", path: "Tests/CTestSupport"),
        .target(
            name: "TestSupport",
            dependencies: ["CTestSupport", "AtelierSystem", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "HTTPTests",
            dependencies: ["AtelierHTTP", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: ["AtelierApp", "AtelierHTTP", "AtelierLessons", "AtelierContent", "AtelierCluster", "AtelierChecks",
                           "AtelierProgress", "TestSupport",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "LessonsTests",
            dependencies: ["AtelierLessons", "AtelierContent", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ChecksTests",
            dependencies: ["AtelierContent", "AtelierCluster", "AtelierChecks", "AtelierProcess", "AtelierSystem", "TestSupport"]
        ),
        .testTarget(
            name: "ProcessTests",
            dependencies: ["AtelierProcess", "AtelierSystem", "TestSupport"]
        ),
        .testTarget(
            name: "ProgressTests",
            dependencies: ["AtelierProgress", "AtelierContent", "TestSupport"]
        ),
    ]
)
