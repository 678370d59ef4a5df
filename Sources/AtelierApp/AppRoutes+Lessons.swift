import AtelierHTTP
import AtelierLessons

extension AppRoutes {
    static func registerLessons(on router: inout Router, services: AppServices) {
        router.get("/api/lessons", immediate: { _, _ in
            try Response.json(LessonViews.List(lessons: services.catalog.lessons.map(LessonViews.summary)))
        })
        router.get("/api/lessons/:lesson", immediate: { _, context in
            try Response.json(LessonViews.detail(try services.lesson(context.parameter("lesson"))))
        })
        router.get("/api/lessons/:lesson/steps/:step") { request, context in
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            let viewer = try await services.viewer(of: request)
            try await services.recordView(viewer, lesson: lesson, step: step)
            return try Response.json(LessonViews.step(step, in: lesson, namespace: viewer.namespace))
        }
        router.get("/api/lessons/:lesson/steps/:step/solution") { request, context in
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            guard let html = step.solutionHTML else {
                throw HTTPError.notFound("solution_not_found", "Cette étape n'a pas de solution.")
            }
            let viewer = try await services.viewer(of: request)
            return try Response.json(LessonViews.Solution(html: LessonViews.substitute(html, namespace: viewer.namespace)))
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
