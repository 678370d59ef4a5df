import Foundation
import class TestSupport.LogCapture
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Moteur de vérification")
struct EngineTests {
    static let lesson = "statefulsets-postgresql"
    static let password = "atelier-postgres-55"
    static let encodedPassword = Data("atelier-postgres-55".utf8).base64EncodedString()

    @Test("all-ok : chaque étape de la leçon passe, y compris le quiz")
    func everyStepPasses() async throws {
        let standin = try Standin(scenario: "all-ok")
        let capture = LogCapture()
        let engine = try standin.engine(logger: capture.logger)
        let catalogue = try LessonContent.checks()
        let lesson = try LessonContent.lesson()
        for step in lesson.steps {
            let quiz = step == "quiz" ? lesson.quiz : nil
            let answers = quiz.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.id, $0.answer) }) }
            let result = await engine.run(lesson: Self.lesson, step: step, checks: catalogue[step] ?? [], quiz: quiz, answers: answers,
                                          target: standin.target)
            #expect(result.passed, "étape \(step) : \(result.checks.filter { $0.status != .passed })")
            #expect(result.lesson == Self.lesson)
            #expect(result.step == step)
            #expect(result.checks.count == (catalogue[step]?.count ?? 0) + (quiz?.count ?? 0))
            #expect(result.checks.allSatisfy { $0.hint == nil && !$0.message.contains("{") })
            let encoded = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            #expect(!encoded.contains(Self.password) && !encoded.contains(Self.encodedPassword))
        }
        #expect(!capture.lines.isEmpty)
        #expect(capture.lines.allSatisfy { !$0.contains(Self.password) && !$0.contains(Self.encodedPassword) })
        // Each invocation used the target namespace and the request timeout.
        for invocation in standin.invocations() {
            #expect(invocation.argv.contains("--request-timeout=2s"))
            #expect(invocation.argv.contains("--namespace=atelier-test") || invocation.argv.contains("--namespace=kube-system")
                || invocation.argv.contains("storageclasses"))
        }
    }

    @Test("une seule lecture du namespace par vérification, les exec en plus")
    func oneSnapshotPerRun() async throws {
        let standin = try Standin(scenario: "all-ok")
        let engine = try standin.engine()
        _ = await engine.run(lesson: Self.lesson, step: "statefulset", checks: try LessonContent.checks(step: "statefulset"),
                             quiz: nil, answers: nil, target: standin.target)
        let snapshot = try #require(standin.invocations().first)
        #expect(standin.invocations().count == 1)
        #expect(snapshot.argv.suffix(4) == ["get", "statefulsets,pods,services,secrets,events", "-o", "json"])

        let persistence = try Standin(scenario: "all-ok")
        _ = await (try persistence.engine()).run(lesson: Self.lesson, step: "persistance", checks: try LessonContent.checks(step: "persistance"),
                                                 quiz: nil, answers: nil, target: persistence.target)
        let argvs = persistence.invocations().map(\.argv)
        #expect(argvs.count == 3)
        #expect(argvs.filter { $0.contains("exec") }.count == 2)
        #expect(argvs.contains(["--request-timeout=2s", "--namespace=atelier-test", "exec", "postgres-0", "-c", "postgres", "--",
                                "psql", "-U", "postgres", "-tAc", "SELECT count(*) FROM cours"]))
    }

    @Test("cluster injoignable : passed false, chaque vérification en erreur avec la raison")
    func unreachable() async throws {
        let standin = try Standin(scenario: "unreachable-refused")
        let engine = try standin.engine()
        let result = await engine.run(lesson: Self.lesson, step: "statefulset", checks: try LessonContent.checks(step: "statefulset"),
                                      quiz: nil, answers: nil, target: standin.target)
        #expect(!result.passed)
        #expect(result.checks.count == 9)
        for check in result.checks {
            #expect(check.status == .error)
            #expect(check.message == FrenchTypography.apply("Le cluster ne répond pas : connexion refusée par 127.0.0.1:16443. MicroK8s est-il démarré (« microk8s start ») ?"))
            #expect(check.hint == nil)
        }
        let encoded = String(decoding: try JSONEncoder().encode(result.checks[0]), as: UTF8.self)
        #expect(!encoded.contains("hint"))
    }

    @Test("échéance : la vérification rend la main à temps, en erreur")
    func deadline() async throws {
        let standin = try Standin(scenario: "unreachable-hang")
        let engine = try standin.engine(checkTimeout: 1)
        let started = ContinuousClock.now
        let result = await engine.run(lesson: Self.lesson, step: "preparation", checks: try LessonContent.checks(step: "preparation"),
                                      quiz: nil, answers: nil, target: standin.target)
        let elapsed = ContinuousClock.now - started
        let seen = result.checks.map { "\($0.status): \($0.message)" }
        #expect(elapsed < .seconds(90), "\(seen)")
        // On a busy machine the deadline can pass before kubectl is even launched: the other wording
        // of the same verdict.
        #expect(result.checks.allSatisfy {
            $0.status == .error && ($0.message.contains("n'a pas répondu en 1 seconde")
                                    || $0.message.contains("le délai de 1 seconde a expiré avant que kubectl puisse être lancé"))
        }, "\(seen)")
    }

    @Test("Secrets interdits : seules les vérifications qui en ont besoin sont en erreur")
    func partialForbidden() async throws {
        let standin = try Standin(scenario: "forbidden-secrets")
        let engine = try standin.engine()
        let result = await engine.run(lesson: Self.lesson, step: "statefulset", checks: try LessonContent.checks(step: "statefulset"),
                                      quiz: nil, answers: nil, target: standin.target)
        #expect(!result.passed)
        let password = try result.check("password")
        #expect(password.status == .error)
        #expect(password.message.contains(FrenchTypography.apply("« list » sur « secrets »")))
        #expect(result.checks.filter { $0.id != "password" }.allSatisfy { $0.status == .passed })
    }

    @Test("exec interdit : les vérifications SQL sont en erreur, les autres passent")
    func execForbidden() async throws {
        let standin = try Standin(scenario: "forbidden-exec")
        let result = await (try standin.engine()).run(lesson: Self.lesson, step: "persistance", checks: try LessonContent.checks(step: "persistance"),
                                                      quiz: nil, answers: nil, target: standin.target)
        #expect(try result.check("table").status == .error)
        #expect(try result.check("table").message.contains("pods/exec"))
        #expect(try result.check("recreated").status == .passed)
    }

    @Test("type de ressource inconnu : erreur nommant le type")
    func unknownType() async throws {
        let standin = try Standin(scenario: "unknown-type")
        let result = await (try standin.engine()).run(lesson: Self.lesson, step: "statefulset", checks: try LessonContent.checks(step: "statefulset"),
                                                      quiz: nil, answers: nil, target: standin.target)
        #expect(result.checks.allSatisfy { $0.status == .error && $0.message == FrenchTypography.apply("Le cluster ne connaît pas le type de ressource « statefulsets ».") })
    }

    @Test("single-flight : 100 demandes simultanées, une seule exécution")
    func singleFlight() async throws {
        let standin = try Standin(scenario: "all-ok")
        let engine = try standin.engine(delayMilliseconds: 300)
        let checks = try LessonContent.checks(step: "persistance")
        let results = await withTaskGroup(of: StepCheckResult.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    await engine.run(lesson: Self.lesson, step: "persistance", checks: checks, quiz: nil, answers: nil, target: standin.target)
                }
            }
            return await group.reduce(into: [StepCheckResult]()) { $0.append($1) }
        }
        #expect(results.count == 100)
        #expect(results.allSatisfy { $0.passed && $0.checks == results[0].checks })
        // One run of this step: the snapshot and two psql execs.
        #expect(standin.invocations().count == 3)

        // Another namespace is another target: no sharing across learners.
        let other = try Standin(scenario: "all-ok", namespace: "atelier-other")
        let otherEngine = try other.engine()
        _ = await otherEngine.run(lesson: Self.lesson, step: "dns", checks: try LessonContent.checks(step: "dns"), quiz: nil, answers: nil,
                                  target: other.target)
        #expect(other.invocations().count == 2)
    }

    @Test("le scénario change pendant que le serveur tourne : échec puis réussite")
    func stateSwitch() async throws {
        let standin = try Standin(scenario: "service-clusterip")
        let engine = try standin.engine()
        let checks = try LessonContent.checks(step: "service-headless")
        let before = await engine.run(lesson: Self.lesson, step: "service-headless", checks: checks, quiz: nil, answers: nil, target: standin.target)
        #expect(!before.passed)
        #expect(try before.check("headless").status == .failed)
        #expect(try before.check("headless").hint?.contains("clusterIP: None") == true)
        try standin.setScenario("headless-ok")
        let after = await engine.run(lesson: Self.lesson, step: "service-headless", checks: checks, quiz: nil, answers: nil, target: standin.target)
        #expect(after.passed)
    }

    @Test("étape sans vérification (conclusion) : réussie sans appeler kubectl")
    func noChecks() async throws {
        let standin = try Standin(scenario: "unreachable-refused")
        let result = await (try standin.engine()).run(lesson: Self.lesson, step: "conclusion", checks: [], quiz: nil, answers: nil,
                                                      target: standin.target)
        #expect(result.passed)
        #expect(result.checks.isEmpty)
        #expect(standin.invocations().isEmpty)
    }

    @Test("une vérification invalide est refusée à la compilation, avant toute exécution")
    func invalidSpecIsRefusedBeforeRunning() throws {
        let broken = try CheckSpec.parse(#"{"id": "x", "title": "X", "kind": "nope"}"#)
        let good = try LessonContent.check(step: "service-headless", id: "headless").standalone
        do {
            _ = try StepChecks([good, broken], step: "service-headless")
            Issue.record("vérification invalide acceptée")
        } catch {
            #expect(error.code == .unknownKind)
            #expect(error.check == "x")
        }
    }

    @Test("« requires » ne nomme qu'une vérification précédente de l'étape")
    func requiresOnlyEarlierChecks() throws {
        let first = try CheckSpec.parse(#"{"id": "a", "title": "A", "kind": "resourceExists", "params": {"resource": "service", "name": "s"}}"#)
        let later = try CheckSpec.parse(#"{"id": "b", "title": "B", "kind": "serviceHeadless", "requires": ["c"], "params": {"service": "s"}}"#)
        let forward = try CheckSpec.parse(#"{"id": "c", "title": "C", "kind": "serviceHeadless", "requires": ["a"], "params": {"service": "s"}}"#)
        #expect(throws: CheckSpecError.self) { try StepChecks([first, later, forward], step: "x") }
        do {
            _ = try StepChecks([first, later, forward], step: "x")
        } catch {
            #expect(error.code == .invalidRequires)
            #expect(error.check == "b")
        }
        #expect(try StepChecks([first, forward], step: "x").prerequisites == [[], [0]])
    }

    @Test("le JSON rendu a exactement les clés de l'API")
    func resultShape() async throws {
        let standin = try Standin(scenario: "service-clusterip")
        let result = await (try standin.engine()).run(lesson: Self.lesson, step: "service-headless",
                                                      checks: try LessonContent.checks(step: "service-headless"), quiz: nil, answers: nil,
                                                      target: standin.target)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        #expect(Set(object.keys) == ["lesson", "step", "passed", "checks", "durationMs"])
        let checks = try #require(object["checks"] as? [[String: Any]])
        for check in checks {
            let status = try #require(check["status"] as? String)
            let expected: Set<String> = status == "failed" ? ["id", "title", "status", "message", "hint"] : ["id", "title", "status", "message"]
            #expect(Set(check.keys) == expected)
        }
    }
}

@Suite("Sortie hostile de kubectl")
struct HostileOutputTests {
    @Test("des objets aux types faux partout : chaque vérification échoue ou est en erreur, sans plantage")
    func hostileObjects() async throws {
        let standin = try Standin(scenario: "hostile-objects")
        let engine = try standin.engine()
        for (step, checks) in try LessonContent.checks().sorted(by: { $0.key < $1.key }) {
            let result = await engine.run(lesson: "statefulsets-postgresql", step: step, checks: checks, quiz: nil, answers: nil,
                                          target: standin.target)
            #expect(result.checks.count == checks.count)
            for check in result.checks {
                #expect(!check.message.isEmpty)
                #expect(check.message.unicodeScalars.allSatisfy { $0.value >= 0x20 }, "\(step)/\(check.id) : caractère de contrôle")
                #expect(!check.message.contains("{") , "\(step)/\(check.id) : \(check.message)")
            }
            if step != "preparation" {
                #expect(!result.passed, "\(step) ne devrait pas passer avec des objets corrompus")
            }
        }
        let view = await engine.clusterView(target: standin.target, statefulSet: "postgres")
        #expect(view.pods.map(\.name).contains("postgres-0"))
        #expect(view.pods.first { $0.name == "postgres-0" }?.restarts == 9_000_000_000_000_000)
    }
}
