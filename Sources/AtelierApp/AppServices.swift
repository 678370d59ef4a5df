import AtelierHTTP
import AtelierLessons
import Foundation
import Logging

/// What handlers share: loaded once at start-up, immutable or internally synchronized.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let catalog: LessonCatalog
    public let staticFiles: StaticFiles
    public let metrics: HTTPMetrics
    public let logger: Logger

    static func make(config: AppConfig, logger: Logger) async throws -> AppServices {
        let catalog = try LessonCatalog.load(from: config.contentDir)
        let staticFiles: StaticFiles
        do {
            staticFiles = try StaticFiles(directory: config.publicDir,
                                          aliases: ["/": "index.html", "/trainer": "trainer.html"])
        } catch {
            throw StartupError(.publicDirectory, "public directory \(config.publicDir.path) is unreadable: \(error.localizedDescription)")
        }
        logger.info("lessons loaded", metadata: [
            "lessons": "\(catalog.lessons.map(\.id).joined(separator: ","))",
            "steps": "\(catalog.lessons.map(\.steps.count).reduce(0, +))",
            "publicFiles": "\(staticFiles.fileCount)",
        ])
        return AppServices(config: config, catalog: catalog, staticFiles: staticFiles, metrics: HTTPMetrics(), logger: logger)
    }

    func lesson(_ id: String) throws -> Lesson {
        guard let lesson = catalog.lesson(id) else {
            throw HTTPError.notFound("lesson_not_found", "Leçon « \(AppServices.clip(id)) » introuvable.")
        }
        return lesson
    }

    func step(_ id: String, in lesson: Lesson) throws -> LessonStep {
        guard let step = lesson.step(id) else {
            throw HTTPError.notFound("step_not_found", "Étape « \(AppServices.clip(id)) » introuvable dans la leçon « \(lesson.id) ».")
        }
        return step
    }

    /// Echoes of client input in messages stay short.
    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
