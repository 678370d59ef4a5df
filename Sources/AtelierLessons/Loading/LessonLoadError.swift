/// Why the lesson content cannot be served; start-up stops with this message, naming file and problem.
public struct LessonLoadError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case missingDirectory
        case missingFile
        case unreadableFile
        case invalidManifest
        case invalidIdentifier
        case duplicateLesson
        case duplicateStep
        case duplicateFile
        case invalidChecks
        case noLessons
    }

    public var code: Code
    /// The file concerned, relative to the content directory when possible.
    public var file: String
    public var detail: String

    public init(_ code: Code, file: String, _ detail: String) {
        self.code = code
        self.file = file
        self.detail = detail
    }

    public var description: String { "\(file): \(detail)" }
}
