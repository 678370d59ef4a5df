import Foundation

/// The kubeconfigs learners uploaded (`cluster.learnerKubeconfig`), one per learner in
/// `<dataDir>/kubeconfigs/<id>.json`, mode 0600 in a 0700 folder, written like progress files
/// (temporary file, `fsync`, rename, `fsync` of the folder).
///
/// A folder of its own beside the learners' files, like the timelines, so the progress index never
/// mistakes a kubeconfig for a learner. Nothing here ever returns a kubeconfig's bytes: kubectl reads
/// the file by its path, and no route or log line sees what it holds.
public final class KubeconfigFiles: Sendable {
    /// An upload is at most 64 KiB; kubectl's JSON reading of it is of the same order.
    public static let maximumBytes = 256 << 10
    /// Scratch copies of uploads being judged start with this: removed after the judgement, and at
    /// start-up when a crash left one.
    static let scratchPrefix = DataDirectory.temporaryPrefix + "upload-"

    private let files: DataDirectory

    /// Opens (creating it if needed) the folder and removes the temporary files a crash left.
    public init(dataDirectory: URL) throws(FileIOError) {
        files = try DataDirectory(path: dataDirectory.appendingPathComponent("kubeconfigs", isDirectory: true).path)
        for name in try files.entryNames() where name.hasPrefix(DataDirectory.temporaryPrefix) {
            try? files.remove(name)
        }
    }

    /// The absolute path of `learnerId`'s kubeconfig (what kubectl gets as `--kubeconfig`), or nil
    /// when they have none.
    public func path(learnerId: String) -> String? {
        guard let name = try? fileName(learnerId), files.exists(name) else { return nil }
        return files.path + "/" + name
    }

    /// Writes an upload to a scratch file (0600) for kubectl to read, runs `body` with its path,
    /// and removes it whatever happens.
    public func withScratchCopy<T: Sendable>(_ bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
        let name = Self.scratchPrefix + LearnerToken.hex(SecureRandom.bytes(count: 8))
        try files.writeAtomically(bytes, name: name)
        defer { try? files.remove(name) }
        return try await body(files.path + "/" + name)
    }

    /// Stores (or replaces) a learner's kubeconfig; returns once it is durable.
    public func save(_ bytes: [UInt8], learnerId: String) throws(FileIOError) {
        let name = try fileName(learnerId)
        guard bytes.count <= Self.maximumBytes else { throw FileIOError(.fileTooLarge, path: name) }
        try files.writeAtomically(bytes, name: name)
    }

    /// Lets another server open the folder (after shutdown), as `FileProgressStore.close()` does.
    public func unlock() {
        files.unlock()
    }

    /// Forgets a learner's kubeconfig; no file is not an error.
    public func remove(learnerId: String) throws(FileIOError) {
        let name = try fileName(learnerId)
        guard files.exists(name) else { return }
        try files.remove(name)
        try files.syncDirectory()
    }

    /// The stored kubeconfig's API server address (for the learner's own panel: not a secret).
    public func server(learnerId: String) -> String? {
        guard let name = try? fileName(learnerId), files.exists(name),
              let (data, _) = try? files.read(name, maximumBytes: Self.maximumBytes),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cluster = (object["clusters"] as? [[String: Any]])?.first?["cluster"] as? [String: Any] else { return nil }
        return cluster["server"] as? String
    }

    /// `<id>.json` for a valid learner id: nothing else can name a file here.
    private func fileName(_ learnerId: String) throws(FileIOError) -> String {
        guard LearnerID.isValid(learnerId) else { throw FileIOError(.open, path: "kubeconfigs/?") }
        return learnerId + ".json"
    }
}
