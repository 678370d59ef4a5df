import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    static func registerLearners(on router: inout Router, services: AppServices) {
        router.post("/api/learners", guardedBy: services.guards) { request, _ in
            let body = try RequestBody.object(request, allowedKeys: ["name", "classCode"])
            guard let raw = body["name"] else {
                throw HTTPError.badRequest("name_missing", "Indiquez votre nom (champ « name »).")
            }
            guard let text = raw as? String else {
                throw HTTPError.badRequest("name_invalid", "Le nom doit être une chaîne de caractères.")
            }
            let classCode = body["classCode"].flatMap { $0 is NSNull ? nil : $0 }
            guard classCode == nil || classCode is String else {
                throw HTTPError.badRequest("class_code_invalid", "Le code de classe doit être une chaîne de caractères.")
            }
            try services.guards.takeRegistration(request)
            let name = try LearnerName(validating: text)
            var joined: ClassRecord?
            if let code = classCode as? String { joined = try await services.store.joinableClass(code: code) }
            let created = try await services.store.createLearner(name: name, classId: joined?.id)
            return try Response.json(CreatedLearnerView(created, joined: joined), status: 201)
        }
        router.post("/api/learners/resume", guardedBy: services.guards) { request, _ in
            let body = try RequestBody.object(request, allowedKeys: ["code"])
            guard let code = body["code"] as? String else {
                throw HTTPError.badRequest("code_missing", "Indiquez votre code de reprise (champ « code »).")
            }
            try services.guards.refuseIfThrottled(services.guards.resumeFailures, request, what: "resume")
            do {
                let resumed = try await services.store.resume(code: code)
                return try Response.json(ResumedLearnerView(id: resumed.learner.id, name: resumed.learner.name.value,
                                                            token: resumed.token))
            } catch let error as ProgressStoreError where error.code == .resumeCodeUnknown {
                services.guards.recordFailure(services.guards.resumeFailures, request, what: "resume")
                throw error
            }
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

/// `201` body of `POST /api/learners`: the token and the resume code are shown this once;
/// `class` when a class code was given, `warning` when the class already has someone of that name.
struct CreatedLearnerView: Encodable {
    let id: String
    let name: String
    let token: String
    let resumeCode: String?
    let group: ClassHeading?
    let warning: String?

    init(_ created: CreatedLearner, joined: ClassRecord?) {
        id = created.learner.id
        name = created.learner.name.value
        token = created.token
        resumeCode = created.resumeCode
        group = joined.map(ClassHeading.init)
        warning = created.nameTaken ? "Ce nom existe déjà\u{00A0}: reprenez votre progression avec votre code." : nil
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, token, resumeCode, warning
        case group = "class"
    }
}

/// `200` body of `POST /api/learners/resume`: a fresh token for this browser.
struct ResumedLearnerView: Encodable {
    let id: String
    let name: String
    let token: String
}

/// Body of `POST /api/lessons/{lesson}/start`.
struct StartedView: Encodable {
    let startedAt: String?
}
