import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Environnement et panneau d'observation")
struct EnvironmentTests {
    @Test("prêt : ✅ Ready!")
    func ready() async throws {
        let standin = try Standin(scenario: "all-ok")
        let report = await (try standin.engine()).environment(target: standin.target)
        #expect(report.ready)
        #expect(report.message == "✅ Ready!")
        #expect(report.checks.map(\.id) == ["kubectl", "cluster", "namespace"])
        #expect(report.checks.allSatisfy { $0.status == .passed })
        #expect(standin.invocations().count == 1)
        #expect(standin.invocations().first?.argv == ["--request-timeout=2s", "get", "namespace", "atelier-test", "-o", "json"])
    }

    @Test("non prêt : la première raison, en français", arguments: [
        ("namespace-missing", "Le namespace atelier-test n'existe pas : créez-le avec « kubectl create namespace atelier-test ».", "namespace"),
        ("namespace-terminating", "Le namespace atelier-test est en cours de suppression : attendez la fin de la suppression puis recréez-le.", "namespace"),
        ("unreachable-refused", "Le cluster ne répond pas : connexion refusée par 127.0.0.1:16443. MicroK8s est-il démarré (« microk8s start ») ?", "cluster"),
        ("unauthorized", "Le cluster refuse les identifiants du kubeconfig (Unauthorized) : le jeton ou le certificat a-t-il expiré ?", "cluster"),
        ("no-kubeconfig", KubectlError.noConfigurationMessage, "cluster"),
        ("not-kubernetes", KubectlError.notKubernetesMessage, "cluster"),
    ])
    func notReady(scenario: String, message: String, failing: String) async throws {
        let standin = try Standin(scenario: scenario)
        let report = await (try standin.engine()).environment(target: standin.target)
        #expect(!report.ready)
        #expect(report.message == FrenchTypography.apply(message))
        #expect(report.checks.first { $0.status != .passed }?.id == failing)
    }

    @Test("namespaces illisibles : repli sur la liste des Pods")
    func forbiddenNamespaces() async throws {
        let standin = try Standin(scenario: "forbidden")
        let report = await (try standin.engine()).environment(target: standin.target)
        #expect(!report.ready)
        #expect(report.checks.map(\.status) == [.passed, .passed, .failed])
        #expect(report.message.contains(FrenchTypography.apply("« list » sur « pods »")))
        #expect(standin.invocations().count == 2)
    }

    @Test("kubectl introuvable")
    func kubectlMissing() async throws {
        let standin = try Standin(scenario: "all-ok")
        let engine = CheckEngine(settings: ClusterSettings(kubectl: ["/nonexistent/kubectl"], namespace: "atelier-test"),
                                 logger: Standin.quietLogger, environment: standin.environment())
        let report = await engine.environment(target: standin.target)
        #expect(!report.ready)
        #expect(report.checks.map(\.status) == [.failed, .error, .error])
        #expect(report.message.hasPrefix("kubectl est introuvable"))
        #expect(standin.invocations().isEmpty)
    }

    @Test("panneau : StatefulSet, Pods, PVC et événements, null explicites")
    func clusterView() async throws {
        let standin = try Standin(scenario: "all-ok")
        let view = await (try standin.engine()).clusterView(target: standin.target, statefulSet: "postgres")
        #expect(view.namespace == "atelier-test")
        #expect(view.error == nil)
        #expect(view.statefulset == ClusterViewStatefulSet(name: "postgres", replicas: 3, readyReplicas: 3, podManagementPolicy: "OrderedReady"))
        #expect(view.pods.map(\.name) == ["postgres-0", "postgres-1", "postgres-2"])
        #expect(view.pods.map(\.ip) == ["10.1.254.78", "10.1.254.79", "10.1.254.80"])
        #expect(view.pods.first?.createdAt == "2025-03-10T09:18:01Z")
        #expect(view.pods.allSatisfy { $0.ready && $0.reason == nil && $0.restarts == 0 })
        #expect(view.pvcs.map(\.name) == ["data-postgres-0", "data-postgres-1", "data-postgres-2"])
        #expect(view.pvcs.allSatisfy { $0.phase == "Bound" && $0.storageClass == "microk8s-hostpath" && $0.capacity == "1Gi" })
        let messages = view.events.map(\.message)
        #expect(messages.contains("delete Pod postgres-2 in StatefulSet postgres successful"))
        #expect(view.events.last?.message == "create Pod postgres-2 in StatefulSet postgres successful")
        #expect(view.events.last?.time == "2025-03-10T09:31:09Z")
        #expect(view.events.contains { $0.object == "pod/postgres-0" && $0.reason == "Scheduled" && $0.time == "2025-03-10T09:00:04Z" })
        let times = view.events.compactMap(\.time)
        #expect(times == times.sorted())

        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any])
        #expect(Set(json.keys) == ["namespace", "statefulset", "pods", "pvcs", "events", "error"])
        #expect(json["error"] is NSNull)
    }

    @Test("panneau : StatefulSet en panne, puis cluster injoignable")
    func clusterViewProblems() async throws {
        let crash = try Standin(scenario: "sts-crashloop")
        let view = await (try crash.engine()).clusterView(target: crash.target, statefulSet: "postgres")
        #expect(view.statefulset?.readyReplicas == 0)
        #expect(view.pods.first?.reason == "CrashLoopBackOff")
        #expect(view.pods.first?.restarts == 5)

        let empty = try Standin(scenario: "empty")
        let nothing = await (try empty.engine()).clusterView(target: empty.target, statefulSet: "postgres")
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(nothing)) as? [String: Any])
        #expect(encoded["statefulset"] is NSNull)
        #expect(nothing.pods.isEmpty)

        let down = try Standin(scenario: "unreachable-refused")
        let unreachable = await (try down.engine()).clusterView(target: down.target, statefulSet: "postgres")
        #expect(unreachable.error?.code == "cluster_unreachable")
        #expect(unreachable.pods.isEmpty)

        let invalid = await (try down.engine()).clusterView(target: down.target, statefulSet: "../etc")
        #expect(invalid.error?.code == "invalid_statefulset")
    }
}
