import AtelierChecks
import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    static func registerChecks(on router: inout Router, services: AppServices) {
        router.post("/api/lessons/:lesson/steps/:step/check", guardedBy: services.guards) { request, context in
            let learner = try await services.learner(of: request)
            let lesson = try services.lesson(context.parameter("lesson"))
            let step = try services.step(context.parameter("step"), in: lesson)
            guard step.isCheckable else {
                throw HTTPError(409, code: "nothing_to_check", message: "L'étape « \(step.title) » n'a rien à vérifier.")
            }
            let answers = try QuizAnswers.parse(request, quiz: step.quiz)
            let target = try services.target(for: learner.id)
            await services.observe(learner.id)
            let timeline = await services.timeline(of: learner.id)
            // The same learner clicking again (same step, same answers) while a run is in flight joins
            // it: one kubectl run, one attempt, one step of the failure streak, whatever the clicks.
            let click = CheckClick(learner: learner.id, lesson: lesson.id, step: step.id, answers: answers)
            return try await services.checkClicks.run(click) {
            let result = await services.engine.run(lesson: lesson.id, step: step.id, checks: try services.checks(of: step, in: lesson), quiz: step.quiz,
                                                   answers: answers, target: target, timeline: timeline,
                                                   revision: await services.revision(of: learner.id))
            let run = CheckRun(at: services.now(), lesson: lesson.id, step: step.id, passed: result.passed,
                               durationMs: result.durationMs, checks: result.checks)
            _ = try await services.store.recordCheckRun(learnerId: learner.id, run: run, outline: services.outline(lesson))
            return try Response.json(result)
            }
        }
        router.get("/api/environment") { request, _ in
            let learner = request.bearerToken == nil ? nil : try await services.learner(of: request)
            guard !services.cluster.isPerLearner || learner != nil else {
                // Nothing to check before the learner is known: say so rather than guess a namespace.
                return try Response.json(EnvironmentReport(
                    ready: false, message: "Identifiez-vous pour vérifier votre environnement.", checks: []))
            }
            let report = await services.engine.environment(target: try services.target(for: learner?.id))
            return try Response.json(report)
        }
        router.get("/api/lessons/:lesson/cluster") { request, context in
            let learner = try await services.learner(of: request)
            let lesson = try services.lesson(context.parameter("lesson"))
            guard let statefulSet = lesson.observedStatefulSet else {
                throw HTTPError.notFound("nothing_to_observe", "Cette leçon n'a pas de panneau d'observation.")
            }
            let view = await services.engine.clusterView(target: try services.target(for: learner.id), statefulSet: statefulSet,
                                                         revision: await services.revision(of: learner.id))
            return try Response.json(view)
        }
    }
}
