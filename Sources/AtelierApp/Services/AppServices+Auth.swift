import AtelierChecks
import AtelierCluster
import AtelierContent
import AtelierHTTP
import AtelierLessons
import AtelierProgress
import Foundation

extension AppServices {
    /// The learner behind `Authorization: Bearer …`; 401 when missing, malformed or unknown.
    func learner(of request: Request) async throws -> LearnerRecord {
        guard let token = request.bearerToken else {
            throw HTTPError.unauthorized("unauthorized", "Identifiez-vous d'abord : jeton d'apprenant absent.")
        }
        try guards.refuseIfThrottled(guards.learnerFailures, request, what: "learner")
        guard let learner = await store.authenticate(token: token) else {
            guards.recordFailure(guards.learnerFailures, request, what: "learner")
            throw HTTPError.unauthorized("unauthorized", "Jeton d'apprenant inconnu ou invalide : identifiez-vous à nouveau.")
        }
        return learner
    }

    /// The viewer of a lesson page: a learner when a token is given (a wrong token is still a 401),
    /// anonymous otherwise — unless namespaces are per learner, where anonymity is refused.
    func viewer(of request: Request) async throws -> Viewer {
        let learner = request.bearerToken == nil ? nil : try await self.learner(of: request)
        let target = try cluster.target(learnerId: learner?.id)
        return Viewer(learnerID: learner?.id, namespace: target.namespace)
    }

    /// Records the first view of a step by a learner (nothing for anonymous viewers).
    func recordView(_ viewer: Viewer, lesson: Lesson, step: LessonStep) async throws {
        guard let learnerID = viewer.learnerID else { return }
        await observe(learnerID)
        _ = try await store.recordView(learnerId: learnerID, lesson: lesson.id, step: step.id, at: now())
    }

    /// Trainer routes: the trainer token, compared in constant time. An address with too many wrong
    /// trainer tokens gets 429 until its allowance refills, whatever it sends.
    func requireTrainer(_ request: Request) throws {
        guard let given = request.bearerToken else {
            throw HTTPError.unauthorized("trainer_unauthorized", "Jeton formateur absent ou invalide.")
        }
        try guards.refuseIfThrottled(guards.trainerFailures, request, what: "trainer")
        guard TrainerToken.matches(given, expected: trainerToken) else {
            guards.recordFailure(guards.trainerFailures, request, what: "trainer")
            throw HTTPError.unauthorized("trainer_unauthorized", "Jeton formateur absent ou invalide.")
        }
    }
}
