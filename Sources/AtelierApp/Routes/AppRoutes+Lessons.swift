import AtelierHTTP
import AtelierLessons
import Foundation

extension AppRoutes {
    static func registerLessons(on router: inout Router, services: AppServices) {
        router.get("/api/lessons", immediate: { _, _ in
            try Response.json(LessonViews.List(lessons: services.catalog.lessons.map(LessonViews.summary)))
        })
        router.get("/api/lessons/:lesson", immediate: { _, context in
            try Response.json(LessonViews.detail(try services.lesson(context.parameter("lesson"))))
        })
        // Anonymous readers with a shared namespace are served from the cache on the worker thread;
        // learners (first view to record) and per-learner namespaces take the async path.
        let perLearner = services.cluster.isPerLearner  // read once: it searches two templates
        router.get("/api/lessons/:lesson/steps/:step", fast: { request, context in
            guard !perLearner, request.bearerToken == nil else { return nil }
            let key = StepResponseCache.Key(lesson: try context.parameter("lesson"), step: try context.parameter("step"),
                                            namespace: services.cluster.namespace, solution: false)
            if let body = services.stepCache.cached(key) { return StepResponseCache.response(body) }
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            return try services.stepResponse(step, in: lesson, namespace: services.cluster.namespace)
        }, slow: { request, context in
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            let viewer = try await services.viewer(of: request)
            // A HEAD shows nothing to anyone: it is not a view.
            if request.method != .head { try await services.recordView(viewer, lesson: lesson, step: step) }
            return try services.stepResponse(step, in: lesson, namespace: viewer.namespace)
        })
        router.get("/api/lessons/:lesson/steps/:step/solution") { request, context in
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            guard let html = step.solutionHTML else {
                throw HTTPError.notFound("solution_not_found", "Cette étape n'a pas de solution.")
            }
            let viewer = try await services.viewer(of: request)
            let key = StepResponseCache.Key(lesson: lesson.id, step: step.id, namespace: viewer.namespace, solution: true)
            return StepResponseCache.response(try services.stepCache.body(for: key) {
                try [UInt8](JSONCoding.encoder.encode(LessonViews.Solution(html: LessonViews.substitute(html, namespace: viewer.namespace))))
            })
        }
        router.get("/api/lessons/:lesson/files/:name", immediate: { _, context in
            let lesson = try services.lesson(context.parameter("lesson"))
            let name = try context.parameter("name")
            guard let file = lesson.file(name) else {
                throw HTTPError.notFound("file_not_found", "Fichier « \(AppServices.clip(name)) » introuvable pour cette leçon.")
            }
            var response = Response(status: 200, contentType: file.contentType, bytes: file.bytes)
            response.headers.set("Content-Disposition", "inline; filename=\"\(file.name)\"")
            response.headers.set("Cache-Control", "no-cache")
            return response
        })
    }
}

extension AppServices {
    /// The step's JSON for one namespace, encoded once.
    func stepResponse(_ step: LessonStep, in lesson: Lesson, namespace: String) throws -> Response {
        let key = StepResponseCache.Key(lesson: lesson.id, step: step.id, namespace: namespace, solution: false)
        return StepResponseCache.response(try stepCache.body(for: key) {
            try [UInt8](JSONCoding.encoder.encode(LessonViews.step(step, in: lesson, namespace: namespace)))
        })
    }
}
