import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Validation des vérifications au démarrage")
struct SpecValidationTests {
    private func error(_ json: String, step: String = "etape") throws -> CheckSpecError? {
        let spec = try CheckSpec.parse(json)
        do {
            _ = try spec.compile(step: step)
            return nil
        } catch {
            return error
        }
    }

    @Test("type inconnu : l'erreur nomme l'étape et la vérification")
    func unknownKind() throws {
        let error = try #require(try error(#"{"id": "c1", "title": "T", "kind": "podIsHappy"}"#, step: "statefulset"))
        #expect(error.code == .unknownKind)
        #expect(error.step == "statefulset")
        #expect(error.check == "c1")
        #expect(error.description.hasPrefix("étape « statefulset », vérification « c1 »"))
    }

    @Test("paramètres manquants, invalides, inconnus", arguments: [
        (#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {}}"#, CheckSpecError.Code.missingParameter),
        (#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "Postgres_Service"}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg", "servcie": "x"}}"#, .unknownParameter),
        (#"{"id": "c", "title": "T", "kind": "statefulSetReady", "params": {"statefulSet": "pg", "replicas": "3"}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "statefulSetReady", "params": {"statefulSet": "pg", "replicas": 0}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "fieldEquals", "params": {"resource": "replicaset", "name": "x", "path": "a", "value": 1}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "fieldEquals", "params": {"resource": "pod", "name": "x", "path": "a..b", "value": 1}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "fieldMatches", "params": {"resource": "pod", "name": "x", "path": "a", "pattern": "(("}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "orderedDeletion", "params": {"statefulSet": "pg", "ordinals": [1, 2]}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "sqlCount", "params": {"pod": "pg-0", "container": "pg", "query": "SELECT 1", "user": "-h evil"}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "clusterDNSReady", "params": {"selector": "k8s-app=kube-dns;rm"}}"#, .invalidParameter),
        (#"{"id": "c", "title": "T", "kind": "dnsResolvesToPod", "params": {"fromPod": "-rf", "container": "c", "hostname": "a.b", "targetPod": "p"}}"#, .invalidParameter),
        (#"{"id": "C 1", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg"}}"#, .invalidId),
        (#"{"id": "c", "title": " ", "kind": "serviceHeadless", "params": {"service": "pg"}}"#, .emptyTitle),
    ])
    func badParameters(json: String, code: CheckSpecError.Code) throws {
        let error = try #require(try error(json), "accepté à tort : \(json)")
        #expect(error.code == code)
        #expect(!error.message.isEmpty)
    }

    @Test("messages : clé inconnue ou valeur indisponible refusée, valeur connue acceptée")
    func messageOverrides() throws {
        let unknownKey = try #require(try error(#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg"}, "messages": {"oops": "x"}}"#))
        #expect(unknownKey.code == .unknownMessage)
        #expect(unknownKey.message.contains("notHeadless"))
        let unknownPlaceholder = try #require(try error(#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg"}, "messages": {"notHeadless": "IP {ip}"}}"#))
        #expect(unknownPlaceholder.code == .unknownPlaceholder)
        #expect(unknownPlaceholder.message.contains("{clusterIP}"))
        #expect(try error(#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg"}, "messages": {"notHeadless": "{service} dans {namespace} : {clusterIP}"}}"#) == nil)
    }

    @Test("identifiants en double")
    func catalogue() throws {
        let spec = try CheckSpec.parse(#"{"id": "c", "title": "T", "kind": "serviceHeadless", "params": {"service": "pg"}}"#)
        #expect(throws: CheckSpecError.self) { try StepChecks([spec, spec], step: "s") }
    }

    @Test("chaque type a au moins un exemple valide")
    func everyKindHasAValidExample() throws {
        let catalogue = try LessonContent.checks()
        let used = Set(catalogue.values.flatMap { $0 }.map(\.kind))
        let extra: Set<String> = ["fieldMatches", "fieldAbsent"]
        #expect(used.union(extra) == Set(CheckRegistry.kinds.map { $0.name }))
    }
}
