import AtelierContent
import Foundation

/// Every lesson of the content directory, loaded and rendered once at start-up.
/// Broken content stops start-up with a `LessonLoadError` naming the file and the problem.
public struct LessonCatalog: Sendable {
    public let lessons: [Lesson]

    public init(lessons: [Lesson]) {
        self.lessons = lessons
    }

    public func lesson(_ id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }

    /// Loads each `<dir>/<lesson>/lesson.json` (folders without one are ignored).
    public static func load(from directory: URL) throws(LessonLoadError) -> LessonCatalog {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LessonLoadError(.missingDirectory, file: directory.path, "le dossier de contenu n'existe pas")
        }
        let folders: [String]
        do {
            folders = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw LessonLoadError(.unreadableFile, file: directory.path, "illisible (\(error.localizedDescription))")
        }
        var lessons: [Lesson] = []
        for folder in folders where !folder.hasPrefix(".") {
            let lessonDirectory = directory.appendingPathComponent(folder, isDirectory: true)
            guard FileManager.default.fileExists(atPath: lessonDirectory.appendingPathComponent("lesson.json").path) else {
                continue
            }
            let lesson = try LessonLoader(directory: lessonDirectory, displayPrefix: folder).load()
            if lessons.contains(where: { $0.id == lesson.id }) {
                throw LessonLoadError(.duplicateLesson, file: "\(folder)/lesson.json", "identifiant de leçon « \(lesson.id) » en double")
            }
            lessons.append(lesson)
        }
        guard !lessons.isEmpty else {
            throw LessonLoadError(.noLessons, file: directory.path, "aucune leçon (aucun sous-dossier avec un lesson.json)")
        }
        return LessonCatalog(lessons: lessons)
    }
}
