import AtelierHTTP
import AtelierLessons
import AtelierProgress

extension AppRoutes {
    static func registerTrainer(on router: inout Router, services: AppServices) {
        router.get("/api/progress") { request, _ in
            try services.requireTrainer(request)
            let lesson = try services.trainerLesson(request)
            let (snapshot, group) = try await services.trainerSnapshot(request)
            // Same JSON as `Response.json(ClassProgressView(…))`, from rows kept per learner revision.
            let body = services.classProgress.render(snapshot: snapshot, outline: services.outline(lesson),
                                                     thresholds: services.thresholds, now: services.now(), group: group)
            var response = Response(status: 200, contentType: "application/json; charset=utf-8", bytes: body)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get("/api/progress.csv") { request, _ in
            try services.requireTrainer(request)
            let lesson = try services.trainerLesson(request)
            let (snapshot, group) = try await services.trainerSnapshot(request)
            let outline = services.outline(lesson)
            let classPart = group.map { "-" + ProgressCSV.fileNamePart($0.name) } ?? ""
            var response: Response
            switch request.query["format"] {
            case nil, "csv":
                response = Response.text(ProgressCSV.render(learners: snapshot.learners, outline: outline),
                                         contentType: ProgressCSV.contentType)
                response.headers.set("Content-Disposition", "attachment; filename=\"progression-\(lesson.id)\(classPart).csv\"")
            case "excel":
                let zone = services.config.timeZone
                response = Response.text(ProgressCSV.renderExcel(learners: snapshot.learners, outline: outline, timeZone: zone),
                                         contentType: ProgressCSV.contentType)
                let name = "progression-\(lesson.id)\(classPart)-excel-\(ProgressCSV.fileNamePart(zone.identifier)).csv"
                response.headers.set("Content-Disposition", "attachment; filename=\"\(name)\"")
            case let other?:
                throw HTTPError.badRequest("format_unknown", "Format « \(AppServices.clip(other)) » inconnu\u{00A0}: « csv » ou « excel ».")
            }
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
        router.post("/api/progress/:learner/resume-code", guardedBy: services.guards) { request, context in
            try services.requireTrainer(request)
            _ = try RequestBody.object(request, allowedKeys: [])
            let id = try context.parameter("learner")
            guard await services.store.learner(id: id) != nil else {
                throw HTTPError.notFound("learner_not_found", "Apprenant « \(AppServices.clip(id)) » introuvable.")
            }
            return try Response.json(["resumeCode": try await services.store.reissueResumeCode(learnerId: id)])
        }
    }
}

extension AppServices {
    /// The learners a trainer view shows: `?class=ID`, `?class=all` (everyone), `?class=none` (those
    /// in no class); without the parameter, the most recent open class when there are classes, else
    /// everyone (a server without classes answers as before).
    func trainerSnapshot(_ request: Request) async throws -> (ProgressSnapshot, ClassHeading?) {
        let snapshot = await store.snapshot()
        let classes = await store.classes()
        switch request.query["class"] {
        case "all": return (snapshot, nil)
        case "none": return (snapshot.inClass(nil), nil)
        case let id?:
            guard let found = classes.first(where: { $0.id == id }) else {
                throw HTTPError.notFound("class_not_found", "Classe « \(AppServices.clip(id)) » introuvable.")
            }
            return (snapshot.inClass(found.id), ClassHeading(found))
        case nil:
            guard let chosen = classes.last(where: { $0.archivedAt == nil }) ?? classes.last else { return (snapshot, nil) }
            return (snapshot.inClass(chosen.id), ClassHeading(chosen))
        }
    }

    /// `?lesson=ID`, or the first lesson when there is only one choice to make.
    func trainerLesson(_ request: Request) throws -> Lesson {
        if let id = request.query["lesson"] { return try lesson(id) }
        guard let first = catalog.lessons.first else { throw HTTPError.notFound("lesson_not_found", "Aucune leçon.") }
        return first
    }
}
