import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    /// A learner's data (RGPD art. 15 and 17): export and erasure by the learner and by the trainer,
    /// and what the « Données personnelles » page needs to know.
    static func registerPrivacy(on router: inout Router, services: AppServices) {
        router.get("/api/privacy") { _, _ in
            try Response.json(PrivacySettingsView(retentionDays: services.config.retentionDays,
                                                  learnerKubeconfig: services.cluster.learnerKubeconfig))
        }
        router.get("/api/me/export") { request, _ in
            let learner = try await services.learner(of: request)
            return try services.export(learner)
        }
        router.on(.delete, "/api/me", guardedBy: services.guards) { request, _ in
            let learner = try await services.learner(of: request)
            try await services.erase(learnerID: learner.id, reason: "learner")
            return Response(status: 204)
        }
        router.get("/api/progress/:learner/export") { request, context in
            try services.requireTrainer(request)
            let id = try context.parameter("learner")
            guard let record = await services.store.learner(id: id) else { throw HTTPError.learnerNotFound(id) }
            return try services.export(record)
        }
        router.on(.delete, "/api/progress/:learner", guardedBy: services.guards) { request, context in
            try services.requireTrainer(request)
            let id = try context.parameter("learner")
            guard try await services.erase(learnerID: id, reason: "trainer") else { throw HTTPError.learnerNotFound(id) }
            return Response(status: 204)
        }
    }
}

extension HTTPError {
    static func learnerNotFound(_ id: String) -> HTTPError {
        .notFound("learner_not_found", "Apprenant «\u{202F}\(AppServices.clip(id))\u{202F}» introuvable.")
    }
}

extension AppServices {
    /// Everything Atelier keeps about a learner, as one JSON file to download: the progress record
    /// (without the hashes of the token and resume code, credentials rather than data about the
    /// person), the timeline of
    /// what Atelier saw in their cluster, and the address of the cluster they connected (never the
    /// kubeconfig itself).
    func export(_ record: LearnerRecord) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard var learner = try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any] else {
            throw HTTPError(500, code: "internal_error", message: "Erreur interne.")
        }
        learner.removeValue(forKey: "tokenHash")
        learner.removeValue(forKey: "resumeCodeHash")
        var document: [String: Any] = [
            "format": "atelier-export-1",
            "exportedAt": ISOTimestamp(now()).description,
            "learner": learner,
            "clusterConnection": kubeconfigFiles?.server(learnerId: record.id).map { ["server": $0] } ?? NSNull(),
            "timeline": NSNull(),
        ]
        if let bytes = try? timelineFiles?.load(learnerId: record.id),
           let timeline = try? JSONSerialization.jsonObject(with: Data(bytes)) {
            document["timeline"] = timeline
        }
        let body = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        var response = Response(status: 200, contentType: "application/json; charset=utf-8", bytes: [UInt8](body))
        response.headers.set("Content-Disposition", "attachment; filename=\"atelier-donnees-\(record.id).json\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}

/// `GET /api/privacy`: what the privacy page says depends on these settings.
struct PrivacySettingsView: Encodable {
    let retentionDays: Int?
    let learnerKubeconfig: Bool

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learnerKubeconfig, forKey: .learnerKubeconfig)
        try container.encode(retentionDays, forKey: .retentionDays)
    }

    enum CodingKeys: String, CodingKey { case learnerKubeconfig, retentionDays }
}
