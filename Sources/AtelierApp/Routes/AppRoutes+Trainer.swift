import AtelierHTTP
import AtelierLessons
import AtelierProgress

extension AppRoutes {
    static func registerTrainer(on router: inout Router, services: AppServices) {
        router.get("/api/progress") { request, _ in
            try services.requireTrainer(request)
            let lesson = try services.trainerLesson(request)
            let snapshot = await services.store.snapshot()
            // Same JSON as `Response.json(ClassProgressView(…))`, from rows kept per learner revision.
            let body = services.classProgress.render(snapshot: snapshot, outline: services.outline(lesson),
                                                     thresholds: services.thresholds, now: services.now())
            var response = Response(status: 200, contentType: "application/json; charset=utf-8", bytes: body)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get("/api/progress.csv") { request, _ in
            try services.requireTrainer(request)
            let lesson = try services.trainerLesson(request)
            let snapshot = await services.store.snapshot()
            var response = Response.text(ProgressCSV.render(learners: snapshot.learners, outline: services.outline(lesson)),
                                         contentType: ProgressCSV.contentType)
            response.headers.set("Content-Disposition", "attachment; filename=\"progression-\(lesson.id).csv\"")
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get("/api/progress/:learner") { request, context in
            try services.requireTrainer(request)
            let lesson = try services.trainerLesson(request)
            let id = try context.parameter("learner")
            guard let record = await services.store.learner(id: id) else {
                throw HTTPError.notFound("learner_not_found", "Apprenant « \(AppServices.clip(id)) » introuvable.")
            }
            return try Response.json(LearnerDetailView(record: record, outline: services.outline(lesson),
                                                       thresholds: services.thresholds, now: services.now()))
        }
    }
}

extension AppServices {
    /// `?lesson=ID`, or the first lesson when there is only one choice to make.
    func trainerLesson(_ request: Request) throws -> Lesson {
        if let id = request.query["lesson"] { return try lesson(id) }
        guard let first = catalog.lessons.first else { throw HTTPError.notFound("lesson_not_found", "Aucune leçon.") }
        return first
    }
}
