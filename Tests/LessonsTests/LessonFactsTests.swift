import AtelierLessons
import Foundation
import Testing

/// Facts the second edition of the lesson corrected, checked on the lesson as the server renders and
/// serves it (the real content folder, loaded by the real loader).
@Suite("Leçon statefulsets-postgresql : faits corrigés, tels que servis")
struct LessonFactsTests {
    static func lesson() throws -> Lesson {
        let catalog = try LessonCatalog.load(from: RepositoryRoot.url.appendingPathComponent("content"))
        return try #require(catalog.lesson("statefulsets-postgresql"))
    }

    /// Every page a learner can open (steps and solutions), as served for one namespace.
    static func pages(_ lesson: Lesson, namespace: String) -> [(String, String)] {
        lesson.steps.flatMap { step in
            [(step.id, LessonPersonalization.apply(step.html, namespace: namespace))]
                + (step.solutionHTML.map { [("solution \(step.id)", LessonPersonalization.apply($0, namespace: namespace))] } ?? [])
        }
    }

    @Test func namespaceDeletionIsOfferedOnlyForADedicatedNamespace() throws {
        let lesson = try Self.lesson()
        for (page, html) in Self.pages(lesson, namespace: "default") {
            #expect(!html.contains("delete namespace"), "\(page) : « kubectl delete namespace default » ne doit jamais être proposé")
            #expect(!html.contains("create namespace"), "\(page) : le namespace default existe déjà")
            #expect(!html.contains("<!--atelier:"), "\(page) : marqueur non résolu")
        }
        let dedicated = Self.pages(lesson, namespace: "atelier-abc234")
        let conclusion = try #require(dedicated.first { $0.0 == "conclusion" }?.1)
        #expect(conclusion.contains("kubectl delete namespace atelier-abc234"))
        #expect(!conclusion.contains("ne peut pas être supprimé"))
        let preparation = try #require(dedicated.first { $0.0 == "preparation" }?.1)
        #expect(preparation.contains("kubectl create namespace atelier-abc234"))
    }

    @Test func factsOfTheSecondEdition() throws {
        let lesson = try Self.lesson()
        let all = Self.pages(lesson, namespace: "default").map(\.1).joined(separator: "\n")
        // Events: 5 minutes on MicroK8s, read with a sorted command; no « une heure » claim left.
        #expect(all.contains("ne garde les événements que 5 minutes"))
        #expect(all.contains("kubectl events --for statefulset/postgres"))
        #expect(!all.contains("au bout d'une heure"))
        // Readiness over TCP wherever the probe is shown.
        #expect(!all.contains("[&quot;pg_isready&quot;, &quot;-U&quot;, &quot;postgres&quot;]"))
        #expect(all.contains("[&quot;pg_isready&quot;, &quot;-U&quot;, &quot;postgres&quot;, &quot;-h&quot;, &quot;127.0.0.1&quot;]"))
        // Clean-up scales to 0 before deleting; step 7 waits for postgres-0 alone; markers are read back.
        #expect(all.contains("kubectl scale statefulset postgres --replicas=0"))
        #expect(all.contains("qu'il ne reste que <code>postgres-0</code>"))
        #expect(all.contains("SELECT nom FROM marqueur"))
        // One term for the noun: réplica(s) (« ne réplique pas » is the verb).
        #expect(!all.contains("répliques") && !all.contains("1 réplique") && !all.contains("une réplique"))
        #expect(all.contains("3 à 1 réplica"))
        // Shared hosts are warned about.
        #expect(all.contains("<code>client.config</code>"))
        #expect(all.contains("<strong>écrase</strong>"))
    }

    @Test func diagramsAreServedAsSVGWithATextAlternative() throws {
        let lesson = try Self.lesson()
        #expect(Set(lesson.images.map(\.name)) == ["objets-statefulset.svg", "chronologie-statefulset.svg"])
        for image in lesson.images {
            #expect(image.contentType == "image/svg+xml")
            let svg = String(decoding: image.bytes, as: UTF8.self)
            #expect(svg.contains("<title") && svg.contains("<desc"), "\(image.name) : titre et description")
            #expect(svg.contains("prefers-color-scheme: dark"), "\(image.name) : lisible en mode sombre")
            #expect(!svg.contains("http://") || svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(!svg.contains("href=\"http"), "\(image.name) : rien n'est chargé d'ailleurs")
        }
        let statefulset = try #require(lesson.step("statefulset"))
        #expect(statefulset.html.contains("<figure class=\"lesson-figure\">\n<img src=\"/api/lessons/statefulsets-postgresql/files/objets-statefulset.svg\" alt=\"Schéma des objets"))
        #expect(lesson.files.allSatisfy { $0.name.hasSuffix(".yaml") }, "les images ne sont pas des fichiers à télécharger")
    }

    @Test func outputBlocksAreMarkedAndCommandsAreNot() throws {
        let lesson = try Self.lesson()
        let html = try #require(lesson.step("preparation")).html
        #expect(html.contains("<pre class=\"output\"><code class=\"language-text\">microk8s is running"))
        #expect(html.contains("<pre><code class=\"language-bash\">microk8s status --wait-ready"))
        let persistance = try #require(lesson.step("persistance")).html
        #expect(persistance.contains("<p class=\"block-note\">À taper dans psql"))
        #expect(lesson.durationMinutes == 35 && lesson.optionalMinutes == 15)
    }
}
