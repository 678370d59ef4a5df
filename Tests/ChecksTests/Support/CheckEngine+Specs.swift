import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

extension CheckEngine {
    /// Compiles `checks` as start-up does, then runs them; a spec that does not compile is a
    /// test failure (production refuses it at start-up).
    func run(lesson: String, step: String, checks: [CheckSpec], quiz: [QuizQuestion]?, answers: [String: [String]]?,
             target: ClusterTarget) async -> StepCheckResult {
        let compiled: StepChecks
        do {
            compiled = try StepChecks(checks, step: step)
        } catch {
            Issue.record("vérifications invalides : \(error)")
            compiled = try! StepChecks([], step: step)
        }
        return await run(lesson: lesson, step: step, checks: compiled, quiz: quiz, answers: answers, target: target)
    }
}
