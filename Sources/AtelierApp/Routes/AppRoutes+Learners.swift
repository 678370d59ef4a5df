import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    static func registerLearners(on router: inout Router, services: AppServices) {
        router.post("/api/learners", guardedBy: services.guards) { request, _ in
            let body = try RequestBody.object(request, allowedKeys: ["name"])
            guard let raw = body["name"] else {
                throw HTTPError.badRequest("name_missing", "Indiquez votre nom (champ « name »).")
            }
            guard let text = raw as? String else {
                throw HTTPError.badRequest("name_invalid", "Le nom doit être une chaîne de caractères.")
            }
            try services.guards.takeRegistration(request)
            let created = try await services.store.createLearner(name: try LearnerName(validating: text))
            return try Response.json(CreatedLearnerView(id: created.learner.id, name: created.learner.name.value,
                                                        token: created.token), status: 201)
        }
        router.get("/api/me") { request, _ in
            let learner = try await services.learner(of: request)
            return try Response.json(LearnerSelfView(record: learner, outlines: services.catalog.lessons.map(services.outline)))
        }
        router.post("/api/lessons/:lesson/start", guardedBy: services.guards) { request, context in
            let learner = try await services.learner(of: request)
            let lesson = try services.lesson(context.parameter("lesson"))
            _ = try RequestBody.object(request, allowedKeys: [])
            let record = try await services.store.recordStart(learnerId: learner.id, lesson: lesson.id, at: services.now())
            await services.observe(learner.id)
            return try Response.json(StartedView(startedAt: record.lessons[lesson.id]?.startedAt?.description))
        }
    }
}

/// `201` body of `POST /api/learners`: the token is shown this once.
struct CreatedLearnerView: Encodable {
    let id: String
    let name: String
    let token: String
}

/// Body of `POST /api/lessons/{lesson}/start`.
struct StartedView: Encodable {
    let startedAt: String?
}
