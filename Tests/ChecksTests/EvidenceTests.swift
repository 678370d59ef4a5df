import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// The order checks judged from Atelier's own timeline, once MicroK8s has dropped its events
/// (the stand-in's `scale-3-b-expired`: 3/3 Ready again, no event left).
@Suite("Preuves : la chronologie d'Atelier avant les événements")
struct EvidenceTests {
    private func deletionOrder(_ walk: TimelineTests.Walk, scenario: String = "scale-3-b-expired") async throws -> CheckResult {
        let standin = try Standin(scenario: scenario)
        let checks = try LessonContent.checks(step: "ordre-suppression").filter { $0.id == "deletion-order" }
        let result = await (try standin.engine()).run(lesson: "statefulsets-postgresql", step: "ordre-suppression",
                                                      checks: try StepChecks(checks, step: "ordre-suppression"), quiz: nil,
                                                      answers: nil, target: standin.target, timeline: walk.recorder.timeline)
        return try result.check("deletion-order")
    }

    @Test("création 0 → 1 → 2 vue par Atelier, événements expirés : réussie, source nommée")
    func creationOrderFromTimeline() async throws {
        var walk = TimelineTests.Walk()
        walk.scaleDownToOneAndBack()
        let standin = try Standin(scenario: "scale-3-b-expired")
        let checks = try LessonContent.checks(step: "statefulset").filter { ["exists", "order"].contains($0.id) }
        let result = await (try standin.engine()).run(lesson: "statefulsets-postgresql", step: "statefulset",
                                                      checks: try StepChecks(checks, step: "statefulset"), quiz: nil,
                                                      answers: nil, target: standin.target, timeline: walk.recorder.timeline)
        let order = try result.check("order")
        #expect(order.status == .passed, "\(order.message)")
        #expect(order.message.contains("chronologie observée par Atelier"))
    }

    @Test("réduction 3 → 1 vue par Atelier : réussie, source nommée, même sans événements")
    func scaleDownSeen() async throws {
        var walk = TimelineTests.Walk()
        walk.scaleDownToOneAndBack()
        let verdict = try await deletionOrder(walk)
        #expect(verdict.status == .passed, "\(verdict.message)")
        #expect(verdict.message.contains("chronologie observée par Atelier"))
    }

    @Test("3 → 1 → 3 → 2 : la dernière réduction à 1 est jugée")
    func laterChangeOfReplicas() async throws {
        var walk = TimelineTests.Walk()
        walk.scaleDownToOneAndBack()
        walk.scale(to: 2)
        walk.delete(2, uid: "p2b")
        let verdict = try await deletionOrder(walk, scenario: "scale-2")
        #expect(verdict.status == .passed, "\(verdict.message)")
    }

    @Test("redémarrage progressif vu par Atelier : refusé, avec la commande de réduction")
    func rollingRestart() async throws {
        var walk = TimelineTests.Walk()
        walk.see("MODIFIED", "statefulsets", TimelineTests.statefulSet(replicas: 3, revision: "postgres-7f9c6d5b8a"))
        for ordinal in [2, 1, 0] {
            walk.delete(ordinal, uid: "p\(ordinal)")
            walk.create(ordinal, uid: "p\(ordinal)b")
        }
        let verdict = try await deletionOrder(walk)
        #expect(verdict.status == .failed)
        #expect(verdict.message.contains("redémarrage progressif"), "\(verdict.message)")
        #expect(verdict.message.contains("kubectl scale statefulset postgres --replicas=1"))
    }

    @Test("ordre inverse vu par Atelier : 1 avant 2")
    func wrongOrderSeen() async throws {
        var walk = TimelineTests.Walk()
        walk.scale(to: 1)
        walk.delete(1, uid: "p1")
        walk.delete(2, uid: "p2")
        let verdict = try await deletionOrder(walk, scenario: "scale-1-b")
        #expect(verdict.status == .failed)
        #expect(verdict.message.hasPrefix("postgres-1 a été supprimé avant postgres-2"), "\(verdict.message)")
    }

    @Test("Atelier observait mais n'a vu aucune réduction : il le dit, depuis quand")
    func watchingNothingSeen() async throws {
        let walk = TimelineTests.Walk()
        let verdict = try await deletionOrder(walk)
        #expect(verdict.status == .failed)
        #expect(verdict.message.contains("Aucune réduction"), "\(verdict.message)")
        #expect(verdict.message.contains("Atelier a commencé à suivre votre namespace"))
    }

    @Test("suppressions seulement déduites après une coupure : ni « dans l'ordre » ni « dans le désordre »")
    func gapIsNotEvidence() async throws {
        var walk = TimelineTests.Walk()
        walk.scale(to: 1)
        walk.recorder.stopped("pods", at: walk.clock + 1)
        walk.recorder.relist("pods", objects: [TimelineTests.pod("postgres-0", uid: "p0")], at: walk.clock + 120)
        let verdict = try await deletionOrder(walk)
        #expect(verdict.status == .failed)
        #expect(verdict.message.contains("Impossible de savoir"), "\(verdict.message)")
        #expect(verdict.message.contains("5 minutes"))
    }
}

/// « Les trois PVC sont conservés » means the same claim objects, not claims of the same name.
@Suite("Preuves : PVC conservés ou recréés")
struct ClaimsKeptTests {
    private func pvcsKept(_ scenario: String, timeline: Timeline? = nil) async throws -> CheckResult {
        let standin = try Standin(scenario: scenario)
        let checks = try LessonContent.checks(step: "ordre-suppression").filter { $0.id == "pvcs-kept" }
        let result = await (try standin.engine()).run(lesson: "statefulsets-postgresql", step: "ordre-suppression",
                                                      checks: try StepChecks(checks, step: "ordre-suppression"), quiz: nil,
                                                      answers: nil, target: standin.target, timeline: timeline)
        return try result.check("pvcs-kept")
    }

    @Test("mêmes PVC après 3 → 1 → 3 : réussi, et la preuve est nommée")
    func kept() async throws {
        let verdict = try await pvcsKept("scale-3-b")
        #expect(verdict.status == .passed, "\(verdict.message)")
        #expect(verdict.message.contains("d'après les événements encore présents"))
        var walk = TimelineTests.Walk()
        walk.scale(to: 1)
        let seen = try await pvcsKept("scale-3-b-expired", timeline: walk.recorder.timeline)
        #expect(seen.status == .passed)
        #expect(seen.message.contains("uid inchangés"))
    }

    @Test("PVC supprimé à la main puis recréé : refusé d'après les événements (create Claim, count 2)")
    func recreatedFromEvents() async throws {
        let verdict = try await pvcsKept("claim-recreated")
        #expect(verdict.status == .failed)
        #expect(verdict.message.contains("Le PVC data-postgres-2 a été recréé"), "\(verdict.message)")
        #expect(verdict.message.contains("les données de postgres-2 sont perdues"))
    }

    @Test("PVC recréé, événements expirés : la chronologie d'Atelier le sait encore")
    func recreatedFromTimeline() async throws {
        var walk = TimelineTests.Walk()
        walk.see("DELETED", "persistentvolumeclaims", TimelineTests.claim("data-postgres-2", uid: "c2"))
        walk.see("ADDED", "persistentvolumeclaims", TimelineTests.claim("data-postgres-2", uid: "c2-new"))
        let verdict = try await pvcsKept("scale-3-b-expired", timeline: walk.recorder.timeline)
        #expect(verdict.status == .failed)
        #expect(verdict.message.contains("d'après la chronologie d'Atelier"), "\(verdict.message)")
        // Without Atelier's record and with the events gone, nothing proves a re-creation: it says what it rests on.
        let blind = try await pvcsKept("scale-3-b-expired")
        #expect(blind.status == .passed)
        #expect(blind.message.contains("ni la chronologie d'Atelier ni les événements"))
    }
}
