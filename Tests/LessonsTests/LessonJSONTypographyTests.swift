import AtelierLessons
import Foundation
import Testing

/// The texts that come from lesson.json and checks.json (not Markdown) get the same French
/// spacing as the rendered lesson, once, at load time; authors keep typing ordinary spaces, and the
/// commands and YAML quoted in hints are left exactly as typed.
@Suite("Typographie des textes de lesson.json et checks.json")
struct LessonJSONTypographyTests {
    static let nbsp = "\u{00A0}"
    static let nnbsp = "\u{202F}"

    static func lesson() throws -> Lesson {
        let catalog = try LessonCatalog.load(from: RepositoryRoot.url.appendingPathComponent("content"))
        return try #require(catalog.lesson("statefulsets-postgresql"))
    }

    /// Every JSON text a learner reads, named for the failure message.
    static func texts(_ lesson: Lesson) -> [(String, String)] {
        var texts = [("titre de la leçon", lesson.title)] + lesson.objectives.map { ("objectif", $0) }
        for step in lesson.steps {
            texts.append(("titre de \(step.id)", step.title))
            for check in step.checks {
                texts.append(("titre de \(step.id)/\(check.id)", check.title))
                if let hint = check.hint { texts.append(("indice de \(step.id)/\(check.id)", hint)) }
            }
            for question in step.quiz ?? [] {
                texts.append(("question \(question.id)", question.question))
                texts += question.choices.map { ("choix \(question.id)/\($0.id)", $0.text) }
                if let explanation = question.explanation { texts.append(("explication \(question.id)", explanation)) }
                if let hint = question.hint { texts.append(("indice \(question.id)", hint)) }
            }
        }
        return texts
    }

    @Test func noOrdinarySpaceBeforeHighPunctuationOrInsideGuillemets() throws {
        let texts = Self.texts(try Self.lesson())
        #expect(texts.count > 60)
        for (name, text) in texts {
            for bad in [" :", " ;", " !", " ?", "« ", " »"] {
                #expect(!text.contains(bad), "\(name) : « \(bad) » dans \(text)")
            }
        }
    }

    @Test func titlesQuizAndHintsAreTypesetAsTheRendererDoes() throws {
        let lesson = try Self.lesson()
        #expect(lesson.title == "Exercice 5.5\(Self.nbsp): StatefulSets et PostgreSQL")
        let quiz = try #require(lesson.steps.first { $0.id == "quiz" })
        #expect(quiz.title == "Quiz\(Self.nbsp): Deployment ou StatefulSet\(Self.nnbsp)?")
        let q1 = try #require(quiz.quiz?.first)
        #expect(q1.question.hasSuffix("recréé\(Self.nnbsp)?"))
        #expect(q1.hint?.contains("«\(Self.nnbsp)Tester la persistance des données\(Self.nnbsp)»\(Self.nbsp): comparez") == true)
    }

    @Test func commandsAndYAMLQuotedInHintsAreLeftAsTyped() throws {
        let lesson = try Self.lesson()
        func hint(_ step: String, _ check: String) throws -> String {
            let spec = try #require(lesson.steps.first { $0.id == step }?.checks.first { $0.id == check })
            return try #require(spec.hint)
        }
        #expect(try hint("service-headless", "selector").contains("«\(Self.nnbsp)app: postgres\(Self.nnbsp)»,"))
        #expect(try hint("service-headless", "headless").contains("«\(Self.nnbsp)clusterIP: None\(Self.nnbsp)»"))
        #expect(try hint("deployment", "replicas") == "Gardez «\(Self.nnbsp)replicas: 3\(Self.nnbsp)» dans le manifeste, ou lancez kubectl scale deployment demo-deployment --replicas=3.")
        #expect(try hint("deployment", "exists") == "Appliquez le manifeste\(Self.nbsp): kubectl apply -f demo-deployment.yaml. Si vous l'avez déjà supprimé, réappliquez-le le temps de la vérification.")
        #expect(try hint("statefulset", "ready").contains("«\(Self.nnbsp)kubectl get pods -l app=postgres -w\(Self.nnbsp)»\(Self.nnbsp); pour"))
        #expect(try hint("statefulset", "readiness").contains(#"["pg_isready", "-U", "postgres", "-h", "127.0.0.1"]"#))
    }
}
