import Foundation

/// Where the repository's own folders are, found from this source file so tests run from any directory.
public enum RepositoryPaths {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static var content: URL { root.appendingPathComponent("content", isDirectory: true) }
    public static var publicDir: URL { root.appendingPathComponent("public", isDirectory: true) }
}
