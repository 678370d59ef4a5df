import Foundation
import Testing
import Yams

/// Keeps the StatefulSets lesson honest with itself: the three manifests, the Markdown that quotes them,
/// the solutions and `lesson.json` are written by hand, and the checks and the learners' clusters all rely on
/// the same names. A drift here (a renamed Service, a Secret key typo, a stale YAML block in a step) would only
/// surface live, in front of a class, as a check that can never pass.
@Suite("Cohérence de la leçon statefulsets-postgresql")
struct ManifestConsistencyTests {
    /// The repository root, found from this file so the test runs the same from any working directory.
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    private static let lessonDirectory = repositoryRoot
        .appendingPathComponent("content")
        .appendingPathComponent("statefulsets-postgresql")

    /// The step ids the checks (`checks.json`) and the progress files are keyed by: order matters too.
    private static let expectedStepIDs = [
        "preparation", "deployment", "service-headless", "statefulset", "stockage", "persistance",
        "dns", "ordre-suppression", "quiz", "conclusion", "depannage",
    ]

    // MARK: - Manifests

    /// The API server rejects a wrong apiVersion/kind pair, and a namespace baked into a file would send every
    /// learner's objects into the same place instead of the namespace the server gives them.
    @Test func manifestsHaveTheExpectedKindsAndNoNamespace() throws {
        let expected: [(file: String, apiVersion: String, kind: String)] = [
            ("demo-deployment.yaml", "apps/v1", "Deployment"),
            ("postgres-secret.yaml", "v1", "Secret"),
            ("postgres-service.yaml", "v1", "Service"),
            ("postgres-statefulset.yaml", "apps/v1", "StatefulSet"),
        ]
        for manifest in expected {
            let node = try Self.manifest(manifest.file)
            #expect(node["apiVersion"]?.string == manifest.apiVersion, "\(manifest.file) : apiVersion")
            #expect(node["kind"]?.string == manifest.kind, "\(manifest.file) : kind")
            #expect(node["metadata"]?["name"]?.string?.isEmpty == false, "\(manifest.file) : metadata.name manquant")
            let hasNamespace = node["metadata"]?["namespace"] != nil
            #expect(!hasNamespace, "\(manifest.file) ne doit pas fixer de namespace")
        }
    }

    /// Per-pod DNS names (`postgres-0.postgres-service`) exist only for a headless Service that selects the pods.
    @Test func serviceIsHeadlessAndSelectsThePodTemplate() throws {
        let service = try Self.manifest("postgres-service.yaml")
        let statefulSet = try Self.manifest("postgres-statefulset.yaml")

        #expect(service["spec"]?["clusterIP"]?.string == "None", "le Service doit être headless (clusterIP: None)")
        let selector = Self.stringMap(service["spec"]?["selector"])
        let templateLabels = Self.stringMap(statefulSet["spec"]?["template"]?["metadata"]?["labels"])
        #expect(!selector.isEmpty, "le Service doit avoir un sélecteur")
        #expect(Self.isSubset(selector, of: templateLabels),
                "le sélecteur du Service \(selector) doit correspondre aux labels du modèle de Pod \(templateLabels)")
        #expect(Self.stringMap(service["metadata"]?["labels"])["app"] == "postgres", "label app: postgres sur le Service")

        let ports = service["spec"]?["ports"]?.array() ?? []
        #expect(ports.count == 1, "un seul port attendu")
        #expect(ports.first?["port"]?.int == 5432)
        #expect(ports.first?["name"]?.string == "postgres")
    }

    /// `serviceName` is what ties the pods' hostnames to the Service's DNS domain.
    @Test func statefulSetNamesTheHeadlessService() throws {
        let service = try Self.manifest("postgres-service.yaml")
        let statefulSet = try Self.manifest("postgres-statefulset.yaml")
        let serviceName = try #require(service["metadata"]?["name"]?.string)
        #expect(statefulSet["spec"]?["serviceName"]?.string == serviceName)
        #expect(statefulSet["metadata"]?["name"]?.string == "postgres", "les Pods doivent s'appeler postgres-0…2")
        #expect(statefulSet["spec"]?["replicas"]?.int == 3)
    }

    /// The API server refuses a StatefulSet whose selector does not match its own pod template.
    @Test func statefulSetSelectorMatchesTemplateLabels() throws {
        let statefulSet = try Self.manifest("postgres-statefulset.yaml")
        let matchLabels = Self.stringMap(statefulSet["spec"]?["selector"]?["matchLabels"])
        let templateLabels = Self.stringMap(statefulSet["spec"]?["template"]?["metadata"]?["labels"])
        #expect(!matchLabels.isEmpty, "spec.selector.matchLabels est vide")
        #expect(Self.isSubset(matchLabels, of: templateLabels),
                "spec.selector.matchLabels \(matchLabels) ne correspond pas aux labels du modèle \(templateLabels)")
        #expect(templateLabels["app"] == "postgres", "les Pods doivent porter app: postgres (kubectl get pods -l app=postgres)")
    }

    /// A Secret name or key typo leaves the pod in CreateContainerConfigError, which no step explains.
    @Test func passwordComesFromAKeyTheSecretDefines() throws {
        let secret = try Self.manifest("postgres-secret.yaml")
        let container = try Self.postgresContainer()
        let secretName = try #require(secret["metadata"]?["name"]?.string)
        let secretKeys = Set(Self.stringMap(secret["stringData"]).keys).union(Self.stringMap(secret["data"]).keys)

        let password = try #require(Self.env(container, named: "POSTGRES_PASSWORD"), "variable POSTGRES_PASSWORD absente")
        let hasLiteralValue = password["value"] != nil
        #expect(!hasLiteralValue, "le mot de passe ne doit pas être écrit en clair dans le StatefulSet")
        let reference = try #require(password["valueFrom"]?["secretKeyRef"], "POSTGRES_PASSWORD doit venir d'un secretKeyRef")
        #expect(reference["name"]?.string == secretName)
        let key = try #require(reference["key"]?.string)
        #expect(secretKeys.contains(key), "la clé « \(key) » n'existe pas dans le Secret (clés : \(secretKeys.sorted()))")
        #expect(key == "POSTGRES_PASSWORD")
    }

    /// The storage step, the PVC names (`data-postgres-N`) and the clean-up by label all follow from this template.
    @Test func claimTemplateIsTheVolumeTheContainerMounts() throws {
        let statefulSet = try Self.manifest("postgres-statefulset.yaml")
        let templates = statefulSet["spec"]?["volumeClaimTemplates"]?.array() ?? []
        #expect(templates.count == 1, "un seul volumeClaimTemplate attendu")
        let claim = try #require(templates.first)
        #expect(claim["metadata"]?["name"]?.string == "data")
        #expect(Self.stringMap(claim["metadata"]?["labels"])["app"] == "postgres",
                "le modèle doit porter app: postgres pour kubectl delete pvc -l app=postgres")
        #expect(claim["spec"]?["resources"]?["requests"]?["storage"]?.string == "1Gi")
        #expect(claim["spec"]?["accessModes"]?.array(of: String.self) == ["ReadWriteOnce"])
        #expect(claim["spec"]?["storageClassName"]?.string == "microk8s-hostpath")

        let container = try Self.postgresContainer()
        let mounts = container["volumeMounts"]?.array() ?? []
        #expect(mounts.contains { $0["name"]?.string == "data" }, "le conteneur doit monter le volume « data »")
        let podVolumes = statefulSet["spec"]?["template"]?["spec"]?["volumes"]?.array() ?? []
        #expect(!podVolumes.contains { $0["name"]?.string == "data" },
                "un volume « data » dans le Pod masquerait le volumeClaimTemplate")
    }

    /// initdb refuses a non-empty directory, so the data must live in a subdirectory of the mount.
    @Test func pgdataIsASubdirectoryOfTheMount() throws {
        let container = try Self.postgresContainer()
        let mount = try #require((container["volumeMounts"]?.array() ?? []).first { $0["name"]?.string == "data" })
        let mountPath = try #require(mount["mountPath"]?.string)
        #expect(mountPath == "/var/lib/postgresql/data", "point de montage attendu pour postgres:16")
        let pgdata = try #require(Self.env(container, named: "PGDATA")?["value"]?.string, "variable PGDATA absente")
        let prefix = mountPath.hasSuffix("/") ? mountPath : mountPath + "/"
        #expect(pgdata.hasPrefix(prefix) && pgdata.count > prefix.count,
                "PGDATA (\(pgdata)) doit être un sous-dossier de \(mountPath)")
    }

    /// From postgres 18 the data layout changed; the lesson's mount path is only right for a pinned ≤ 17 image.
    @Test func imageIsPinnedAndReadinessUsesPgIsready() throws {
        let container = try Self.postgresContainer()
        #expect(container["image"]?.string == "postgres:16")
        let probe = container["readinessProbe"]?["exec"]?["command"]?.array(of: String.self)
        // Over TCP: on first start the image runs a socket-only server (listen_addresses='') while it
        // initialises; a probe over the socket could pass then and let the next pod start too early.
        #expect(probe == ["pg_isready", "-U", "postgres", "-h", "127.0.0.1"])
    }

    /// The stand-in's objects are what a learner's cluster would hold after applying the manifest: a fixture
    /// still carrying the old socket probe would show (and test) a StatefulSet the lesson no longer teaches.
    @Test func standinFixturesCarryTheManifestsProbe() throws {
        let probe = try #require(try Self.postgresContainer()["readinessProbe"]?["exec"]?["command"]?.array(of: String.self))
        let scenarios = Self.repositoryRoot.appendingPathComponent("Tests/KubectlStandin/scenarios")
        var seen = 0
        for scenario in try FileManager.default.contentsOfDirectory(atPath: scenarios.path).sorted() {
            let objects = scenarios.appendingPathComponent(scenario).appendingPathComponent("objects")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: objects.path)) ?? [] where file.hasSuffix(".json") {
                let data = try Data(contentsOf: objects.appendingPathComponent(file))
                guard let json = try? JSONSerialization.jsonObject(with: data) else { continue }  // hostile fixtures
                for command in Self.probeCommands(in: json) where command.first == "pg_isready" {
                    seen += 1
                    #expect(command == probe, "\(scenario)/objects/\(file) : sonde \(command), le manifeste dit \(probe)")
                }
            }
        }
        #expect(seen >= 10, "les scénarios du stand-in doivent montrer la sonde du manifeste (\(seen) trouvées)")
    }

    /// Every `readinessProbe.exec.command` array anywhere in a decoded JSON document.
    private static func probeCommands(in json: Any) -> [[String]] {
        if let object = json as? [String: Any] {
            var found: [[String]] = []
            if let probe = object["readinessProbe"] as? [String: Any],
               let command = (probe["exec"] as? [String: Any])?["command"] as? [String] {
                found.append(command)
            }
            for value in object.values { found += probeCommands(in: value) }
            return found
        }
        if let array = json as? [Any] { return array.flatMap(probeCommands(in:)) }
        return []
    }

    // MARK: - Markdown and solutions

    /// Learners copy the YAML from the page or download the file: both must be the same bytes.
    @Test func stepYAMLBlocksAreTheManifestFiles() throws {
        let manifests = try Self.manifestTexts()
        var quoted: Set<String> = []
        for step in try Self.steps() {
            let path = try #require(step["file"] as? String)
            let markdown = try Self.text(path)
            for block in Self.fencedBlocks(in: markdown, language: "yaml") where block.hasPrefix("apiVersion:") {
                if let match = manifests.first(where: { Array($0.value.utf8) == Array(block.utf8) }) {
                    quoted.insert(match.key)
                } else {
                    Issue.record("\(path) : un bloc YAML ne correspond à aucun fichier de manifests/ :\n\(block)")
                }
            }
        }
        #expect(quoted == Set(manifests.keys), "chaque manifeste doit être montré dans une étape ; montrés : \(quoted.sorted())")
    }

    /// The solutions paste the manifests through a heredoc; a stale copy would "solve" the step with old YAML.
    @Test func solutionHeredocsAreTheManifestFiles() throws {
        let manifests = try Self.manifestTexts()
        var heredocs = 0
        for step in try Self.steps() {
            guard let path = step["solution"] as? String else { continue }
            for body in Self.heredocs(in: try Self.text(path), terminator: "EOF_MANIFEST") {
                heredocs += 1
                #expect(manifests.values.contains { Array($0.utf8) == Array(body.utf8) },
                        "\(path) : le heredoc ne correspond à aucun fichier de manifests/ :\n\(body)")
            }
        }
        #expect(heredocs == 4, "les solutions doivent appliquer les quatre manifestes")
    }

    /// The page title and the API's step title must agree, and every checked step must tell the learner what to do next.
    @Test func stepMarkdownOpensWithItsTitleAndInvitesToCheck() throws {
        for step in try Self.steps() {
            let id = try #require(step["id"] as? String)
            let title = try #require(step["title"] as? String)
            let markdown = try Self.text(try #require(step["file"] as? String))
            #expect(markdown.hasPrefix("# \(title)\n"), "étape \(id) : le Markdown doit commencer par « # \(title) »")
            if id == "quiz" {
                // The quiz's button is « Vérifier mes réponses »: the text names it exactly.
                #expect(markdown.contains("« Vérifier mes réponses »"), "étape quiz : le texte doit nommer le bouton")
            } else if !["conclusion", "depannage"].contains(id) {
                #expect(markdown.contains("« Vérifier »"), "étape \(id) : la fin doit inviter à cliquer sur « Vérifier »")
            }
        }
        let preparation = try Self.text("steps/01-preparation.md")
        #expect(preparation.contains("::: namespace-dedie\nCréez-le"))
        #expect(preparation.contains("kubectl create namespace {{namespace}}"))
        #expect(preparation.contains("kubectl config set-context --current --namespace={{namespace}}"))
    }

    // MARK: - lesson.json

    /// The loader, the checks and the progress files are keyed by these ids; every path must resolve.
    @Test func lessonManifestDeclaresTheElevenStepsAndExistingFiles() throws {
        let lesson = try Self.lessonJSON()
        #expect(lesson["id"] as? String == "statefulsets-postgresql")
        #expect(lesson["title"] as? String == "Exercice 5.5 : StatefulSets et PostgreSQL")
        #expect(lesson["durationMinutes"] as? Int == 35)
        #expect(lesson["optionalMinutes"] as? Int == 15)
        #expect(lesson["introduction"] as? String == "introduction.md")

        var paths = ["introduction.md"]
        let files = try #require(lesson["files"] as? [String])
        #expect(Set(files) == ["manifests/demo-deployment.yaml", "manifests/postgres-secret.yaml",
                               "manifests/postgres-service.yaml", "manifests/postgres-statefulset.yaml"])
        paths += files

        let steps = try Self.steps()
        #expect(steps.compactMap { $0["id"] as? String } == Self.expectedStepIDs)
        for step in steps {
            let id = step["id"] as? String ?? "?"
            #expect(!step.keys.contains("checks"), "étape \(id) : les vérifications vivent dans checks.json, pas dans lesson.json")
            paths.append(try #require(step["file"] as? String, "étape \(id) : « file » manquant"))
            let solution = step["solution"] as? String
            if ["quiz", "conclusion", "depannage"].contains(id) {
                if let solution { Issue.record("étape \(id) : pas de solution attendue, trouvé \(solution)") }
            } else {
                paths.append(try #require(solution, "étape \(id) : solution manquante"))
            }
            let observe = step["observe"] as? Bool ?? false
            #expect(observe == ["statefulset", "ordre-suppression"].contains(id), "étape \(id) : « observe » inattendu")
        }
        for path in paths {
            let url = Self.lessonDirectory.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "fichier référencé introuvable : \(path)")
        }
    }

    /// A wrong answer key would mark right answers wrong, silently, for every learner; a hint that quotes a right
    /// choice would hand the answer to anyone who guesses wrong once.
    @Test func quizAnswersReferenceExistingChoices() throws {
        let steps = try Self.steps()
        for step in steps where (step["id"] as? String) != "quiz" {
            #expect(!step.keys.contains("quiz"), "seule l'étape quiz porte des questions")
        }
        let quizStep = try #require(steps.first { ($0["id"] as? String) == "quiz" })
        let questions = try #require(quizStep["quiz"] as? [[String: Any]])
        #expect((5...8).contains(questions.count), "5 à 8 questions attendues, \(questions.count) trouvées")

        var questionIDs: Set<String> = []
        for question in questions {
            let id = try #require(question["id"] as? String)
            #expect(questionIDs.insert(id).inserted, "question \(id) en double")
            let text = try #require(question["question"] as? String)
            let choices = try #require(question["choices"] as? [[String: Any]])
            let choiceIDs = choices.compactMap { $0["id"] as? String }
            #expect(choiceIDs.count == choices.count && Set(choiceIDs).count == choiceIDs.count && choiceIDs.count >= 2,
                    "\(id) : identifiants de choix manquants ou en double")
            #expect(choices.allSatisfy { ($0["text"] as? String)?.isEmpty == false }, "\(id) : choix sans texte")
            let answer = try #require(question["answer"] as? [String])
            #expect(!answer.isEmpty && answer.allSatisfy(choiceIDs.contains), "\(id) : réponse \(answer) hors de \(choiceIDs)")
            let multiple = question["multiple"] as? Bool ?? false
            #expect(multiple == (answer.count > 1), "\(id) : « multiple » doit refléter le nombre de bonnes réponses")
            // The page says « Plusieurs réponses possibles. » under a multiple question: the text must not say it twice.
            #expect(!text.contains("plusieurs réponses"), "\(id) : « plusieurs réponses possibles » est déjà affiché sous l'énoncé")
            #expect((question["explanation"] as? String)?.isEmpty == false, "\(id) : explication manquante")
            if let hint = question["hint"] {
                let hintText = try #require(hint as? String, "\(id) : « hint » doit être un texte")
                let rightTexts = choices.filter { answer.contains($0["id"] as? String ?? "") }.compactMap { $0["text"] as? String }
                #expect(!hintText.isEmpty && !rightTexts.contains(where: hintText.contains),
                        "\(id) : l'indice, montré après une mauvaise réponse, ne doit pas recopier une bonne réponse")
            }
        }
    }

    /// The objectives shown by the API must be the customer's own, without the introduction's decoration.
    @Test func objectivesRepeatTheIntroduction() throws {
        let introduction = try Self.text("introduction.md")
        var inObjectives = false
        var fromIntroduction: [String] = []
        for line in introduction.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inObjectives = line.contains("Objectifs"); continue }
            guard inObjectives, line.hasPrefix("- ✅ ") else { continue }
            fromIntroduction.append(String(line.dropFirst("- ✅ ".count)).replacingOccurrences(of: "**", with: ""))
        }
        #expect(fromIntroduction.count == 6, "six objectifs attendus dans introduction.md")
        let objectives = try #require(try Self.lessonJSON()["objectives"] as? [String])
        #expect(objectives == fromIntroduction)
    }

    // MARK: - Helpers

    private static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: lessonDirectory.appendingPathComponent(relativePath), encoding: .utf8)
    }

    private static func manifest(_ name: String) throws -> Node {
        try #require(try Yams.compose(yaml: try text("manifests/\(name)")), "\(name) est vide")
    }

    private static func manifestTexts() throws -> [String: String] {
        var texts: [String: String] = [:]
        for name in ["demo-deployment.yaml", "postgres-secret.yaml", "postgres-service.yaml", "postgres-statefulset.yaml"] {
            texts[name] = try text("manifests/\(name)")
        }
        return texts
    }

    private static func lessonJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: lessonDirectory.appendingPathComponent("lesson.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "lesson.json : objet attendu")
    }

    private static func steps() throws -> [[String: Any]] {
        try #require(try lessonJSON()["steps"] as? [[String: Any]], "lesson.json : « steps » attendu")
    }

    private static func postgresContainer() throws -> Node {
        let statefulSet = try manifest("postgres-statefulset.yaml")
        let containers = statefulSet["spec"]?["template"]?["spec"]?["containers"]?.array() ?? []
        #expect(containers.count == 1, "un seul conteneur attendu")
        return try #require(containers.first { $0["name"]?.string == "postgres" }, "conteneur « postgres » introuvable")
    }

    private static func env(_ container: Node, named name: String) -> Node? {
        (container["env"]?.array() ?? []).first { $0["name"]?.string == name }
    }

    private static func stringMap(_ node: Node?) -> [String: String] {
        guard let mapping = node?.mapping else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            if let key = key.string, let value = value.string { result[key] = value }
        }
        return result
    }

    private static func isSubset(_ small: [String: String], of large: [String: String]) -> Bool {
        small.allSatisfy { large[$0.key] == $0.value }
    }

    /// Bodies of the fenced code blocks opened with exactly "```language", each ending with its last newline.
    private static func fencedBlocks(in markdown: String, language: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line == "```" {
                    blocks.append(lines.map { String($0) + "\n" }.joined())
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line == "```\(language)" {
                current = []
            }
        }
        return blocks
    }

    /// Bodies of `<<'TERMINATOR'` heredocs, each ending with its last newline like the file it copies.
    private static func heredocs(in markdown: String, terminator: String) -> [String] {
        var bodies: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line == terminator {
                    bodies.append(lines.map { String($0) + "\n" }.joined())
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line.hasSuffix("<<'\(terminator)'") {
                current = []
            }
        }
        return bodies
    }
}
