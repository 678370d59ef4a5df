import Foundation

/// A fresh directory under the system temporary directory, removed when the value goes away.
/// Tests use real directories so that fsync, rename and permissions are the real ones.
final class TemporaryDirectory: Sendable {
    let url: URL

    init(_ label: String = "progress") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("atelier-\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A sub-directory that does not exist yet (the store must create it).
    var data: URL { url.appendingPathComponent("data", isDirectory: true) }

    func names(in directory: URL? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: (directory ?? data).path)) ?? []).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
