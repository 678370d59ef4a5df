import AtelierContent
import AtelierProgress
import Foundation

/// Shared test data: the lesson of Exercice 5.5 as an outline, and helpers to build check runs.
enum Fixtures {
    static let lessonId = "statefulsets-postgresql"

    static let outline = LessonOutline(id: lessonId, steps: [
        OutlineStep(id: "preparation", title: "Préparer le cluster MicroK8s", checkable: true),
        OutlineStep(id: "secret", title: "Créer le Secret", checkable: true),
        OutlineStep(id: "lecture", title: "Lire : ordre de création des Pods", checkable: false),
        OutlineStep(id: "statefulset", title: "Déployer le StatefulSet", checkable: true),
        OutlineStep(id: "quiz", title: "Quiz", checkable: true),
    ])

    static func run(_ step: String, passed: Bool, at: Date, message: String = "Le Pod postgres-0 n'est pas prêt.") -> CheckRun {
        let checks: [CheckResult] = passed
            ? [CheckResult(id: "ready", title: "Le Pod est prêt", status: .passed, message: "Le Pod postgres-0 est prêt.")]
            : [CheckResult(id: "exists", title: "Le StatefulSet existe", status: .passed, message: "Trouvé."),
               CheckResult(id: "ready", title: "Le Pod est prêt", status: .failed, message: message)]
        return CheckRun(at: at, lesson: lessonId, step: step, passed: passed, durationMs: 420, checks: checks)
    }

    static func name(_ text: String) -> LearnerName {
        // Test names are valid by construction; a failure here is a bug in the test itself.
        try! LearnerName(validating: text)
    }
}
