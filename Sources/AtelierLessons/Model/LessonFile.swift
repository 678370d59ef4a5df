/// A file learners can download (a manifest), kept in memory.
public struct LessonFile: Sendable {
    /// The name in the download URL (`postgres-statefulset.yaml`).
    public let name: String
    public let contentType: String
    public let bytes: [UInt8]
}
