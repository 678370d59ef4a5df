import Foundation

/// Executables SwiftPM built next to the test bundle (`atelier`, `kubectl-standin`), whatever the
/// scratch path: `swift test` builds every product before running the tests.
public enum BuildProducts {
    public static var directory: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = executable.deletingLastPathComponent()
        // The test binary may sit inside `AtelierPackageTests.xctest/…`; climb to the products folder.
        for _ in 0..<4 {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("atelier").path) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    public static func executable(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }
}
