import Foundation

/// The learners' cluster timelines (what Atelier's watches saw), one file per learner in
/// `<dataDir>/timelines/`, written like progress files: temporary file, `fsync`, rename, `fsync`
/// of the directory — a verdict that relies on the timeline is never given before it is on disk.
///
/// A folder of its own, so the progress index never mistakes a timeline for a learner. The bytes
/// are opaque here (the cluster module encodes them); this type only knows names and durability.
public final class TimelineFiles: Sendable {
    /// Larger than any bounded timeline can be (2,000 entries of a few hundred bytes).
    public static let maximumBytes = 8 << 20

    private let files: DataDirectory

    /// Opens (creating it if needed) the timelines folder and removes temporary files a crash left.
    public init(dataDirectory: URL) throws(FileIOError) {
        files = try DataDirectory(path: dataDirectory.appendingPathComponent("timelines", isDirectory: true).path)
        for name in try files.entryNames() where name.hasPrefix(DataDirectory.temporaryPrefix) {
            try? files.remove(name)
        }
    }

    /// The stored timeline of `learnerId`, or nil when there is none yet. A file that cannot be
    /// read is reported as an error, not as an empty timeline.
    public func load(learnerId: String) throws(FileIOError) -> [UInt8]? {
        let name = try fileName(learnerId)
        guard files.exists(name) else { return nil }
        return [UInt8](try files.read(name, maximumBytes: Self.maximumBytes).data)
    }

    /// Replaces the stored timeline; returns once it is durable.
    public func save(_ bytes: [UInt8], learnerId: String) throws(FileIOError) {
        guard bytes.count <= Self.maximumBytes else { throw FileIOError(.fileTooLarge, path: try fileName(learnerId)) }
        try files.writeAtomically(bytes, name: try fileName(learnerId))
    }

    /// Lets another server open the folder (after shutdown), as `FileProgressStore.close()` does.
    public func unlock() {
        files.unlock()
    }

    /// Forgets a learner's timeline (erasure); no file is not an error.
    public func remove(learnerId: String) throws(FileIOError) {
        let name = try fileName(learnerId)
        guard files.exists(name) else { return }
        try files.remove(name)
        try files.syncDirectory()
    }

    /// `<id>.json` for a learner id (`[a-z2-7]`, as `LearnerID` makes them): nothing else can
    /// name a file here.
    private func fileName(_ learnerId: String) throws(FileIOError) -> String {
        guard !learnerId.isEmpty, learnerId.count <= 64, learnerId.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) }) else {
            throw FileIOError(.open, path: "timelines/?")
        }
        return learnerId + ".json"
    }
}
