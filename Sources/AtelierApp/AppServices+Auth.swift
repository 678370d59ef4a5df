import AtelierHTTP
import AtelierLessons
import Foundation

extension AppServices {
    /// The viewer of a lesson page. Provisional until learners land: anonymous, configured namespace.
    func viewer(of request: Request) async throws -> Viewer {
        Viewer(learnerID: nil, namespace: config.cluster.namespace)
    }

    /// Records the first view of a step by a learner (no-op for anonymous viewers).
    func recordView(_ viewer: Viewer, lesson: Lesson, step: LessonStep) async throws {}

    /// Trainer routes: constant-time comparison with the configured token.
    func requireTrainer(_ request: Request) throws {
        guard let expected = config.trainerToken, let given = request.bearerToken,
              AppServices.constantTimeEquals(Array(given.utf8), Array(expected.utf8)) else {
            throw HTTPError.unauthorized("trainer_unauthorized", "Jeton formateur absent ou invalide.")
        }
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
