import AtelierHTTP
import Foundation

extension AppRoutes {
    /// `GET /api/lessons/{lesson}/live?step=STEP`: the live page's Server-Sent Events (README,
    /// « REST API »). The learner's token comes in the Authorization header only.
    static func registerLive(on router: inout Router, services: AppServices) {
        router.get("/api/lessons/:lesson/live") { request, context in
            // A token in the address would end up in logs and histories: refused, whatever it is.
            if request.query.keys.contains(where: { ["token", "access_token", "auth"].contains($0.lowercased()) }) {
                throw HTTPError.badRequest("token_in_url",
                    "Le jeton ne se met jamais dans l'adresse : envoyez-le dans l'en-tête Authorization: Bearer.")
            }
            let learner = try await services.learner(of: request)
            let lesson = try services.lesson(context.parameter("lesson"))
            guard let stepID = request.query["step"], !stepID.isEmpty else {
                throw HTTPError.badRequest("step_required", "Précisez l'étape suivie : ?step=IDENTIFIANT.")
            }
            let step = try services.step(stepID, in: lesson)
            guard acceptsEventStream(request.headers["accept"]) else {
                throw HTTPError(406, code: "not_acceptable",
                                message: "Ce flux est en text/event-stream : envoyez l'en-tête Accept: text/event-stream.")
            }
            let checks = try services.checks(of: step, in: lesson)
            // Past `streamsPerLearner`, the learner's oldest stream ends and this one takes its place.
            let slot = services.liveStreams.admit(learner.id, limit: services.config.live.streamsPerLearner)
            let session = LiveSession(services: services, learnerID: learner.id, token: request.bearerToken ?? "",
                                      lesson: lesson, step: step, checks: checks, slot: slot)
            return .eventStream(heartbeat: .milliseconds(Int(services.config.live.heartbeatSeconds * 1000))) { send in
                await session.run(send: send)
                // The slot lives as long as this closure (released when the stream ends or is dropped).
                withExtendedLifetime(slot) {}
            }
        }
    }

    /// `text/event-stream` named, or a wildcard that covers it (`*/*`, `text/*`); a missing header
    /// is refused: a plain link or prefetch must not hold a stream open.
    static func acceptsEventStream(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, ["text/event-stream", "text/*", "*/*"].contains(type) else { return false }
            // `q=0` means « not acceptable ».
            return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }
}
