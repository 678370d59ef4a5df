import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    /// Classes (issue 14, item 2): the trainer creates one per session, learners join with its code.
    static func registerClasses(on router: inout Router, services: AppServices) {
        router.post("/api/classes", guardedBy: services.guards) { request, _ in
            try services.requireTrainer(request)
            let body = try RequestBody.object(request, allowedKeys: ["name"])
            guard let text = body["name"] as? String else {
                throw HTTPError.badRequest("name_missing", "Indiquez le nom de la classe (champ « name »).")
            }
            let created = try await services.store.createClass(name: try LearnerName(validating: text))
            return try Response.json(ClassView(created, learners: 0), status: 201)
        }
        router.get("/api/classes") { request, _ in
            try services.requireTrainer(request)
            let classes = await services.store.classes()
            var counts: [String: Int] = [:]
            for learner in await services.store.snapshot().learners {
                if let id = learner.classId { counts[id, default: 0] += 1 }
            }
            // Most recent first, as the dashboard's selector lists them.
            var response = try Response.json(ClassListView(classes: classes.reversed().map { ClassView($0, learners: counts[$0.id] ?? 0) }))
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.post("/api/classes/:class/archive", guardedBy: services.guards) { request, context in
            try services.requireTrainer(request)
            _ = try RequestBody.object(request, allowedKeys: [])
            let archived = try await services.store.archiveClass(id: try context.parameter("class"))
            let learners = await services.store.snapshot().learners.filter { $0.classId == archived.id }.count
            return try Response.json(ClassView(archived, learners: learners))
        }
    }
}

/// One class in the trainer's API: the record (`{"id","name","code","createdAt","archivedAt"}`) and
/// how many learners joined it (`"learners"`), in one object.
struct ClassView: Encodable {
    let record: ClassRecord
    let learners: Int

    init(_ record: ClassRecord, learners: Int) {
        self.record = record
        self.learners = learners
    }

    private enum CountKey: String, CodingKey {
        case learners
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CountKey.self)
        try container.encode(learners, forKey: .learners)
    }
}

/// Body of `GET /api/classes`, most recent first.
struct ClassListView: Encodable {
    let classes: [ClassView]
}
