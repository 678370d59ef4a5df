import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Réglages du cluster")
struct ClusterSettingsTests {
    @Test("les valeurs par défaut sont celles de la documentation et sont valides")
    func defaults() throws {
        let settings = try ClusterSettings.read("{}")
        #expect(settings == ClusterSettings())
        #expect(settings.kubectl == ["kubectl"])
        #expect(settings.kubeconfig == nil)
        #expect(settings.context == nil)
        #expect(settings.namespace == "default")
        #expect(settings.requestTimeoutSeconds == 5)
        #expect(settings.checkTimeoutSeconds == 20)
        #expect(settings.maxConcurrentKubectl == 8)
        try settings.validate()
    }

    @Test("la section cluster complète se décode")
    func decodesEverything() throws {
        let json = """
        {"kubectl": ["microk8s", "kubectl"], "kubeconfig": "/etc/atelier/kubeconfig", "context": "ctx-{learner}",
         "namespace": "atelier-{learner}", "requestTimeoutSeconds": 3, "checkTimeoutSeconds": 12.5, "maxConcurrentKubectl": 4}
        """
        let settings = try ClusterSettings.read(json)
        #expect(settings.kubectl == ["microk8s", "kubectl"])
        #expect(settings.checkTimeoutSeconds == 12.5)
        try settings.validate()
        let target = try settings.target(learnerId: "abcdefgh2345")
        #expect(target == ClusterTarget(namespace: "atelier-abcdefgh2345", context: "ctx-abcdefgh2345"))
    }

    @Test("une clé inconnue est refusée en la nommant")
    func unknownKey() {
        #expect {
            _ = try ClusterSettings.read(#"{"namspace": "x"}"#)
        } throws: { error in
            (error as? ClusterSettingsError).map { $0.code == .unknownKey && $0.key == "cluster.namspace" } ?? false
        }
    }

    @Test("un type faux est refusé en nommant la clé")
    func wrongType() {
        #expect {
            _ = try ClusterSettings.read(#"{"kubectl": "kubectl"}"#)
        } throws: { error in
            (error as? ClusterSettingsError).map { $0.code == .invalidType && $0.key == "cluster.kubectl" } ?? false
        }
    }

    @Test("les valeurs impossibles sont refusées en nommant la clé", arguments: [
        (ClusterSettings(kubectl: []), ClusterSettingsError.Code.invalidCommand, "cluster.kubectl"),
        (ClusterSettings(kubectl: ["microk8s", ""]), .invalidCommand, "cluster.kubectl[1]"),
        (ClusterSettings(kubeconfig: ""), .invalidKubeconfig, "cluster.kubeconfig"),
        (ClusterSettings(requestTimeoutSeconds: 0), .invalidTimeout, "cluster.requestTimeoutSeconds"),
        (ClusterSettings(requestTimeoutSeconds: 100_000), .invalidTimeout, "cluster.requestTimeoutSeconds"),
        (ClusterSettings(checkTimeoutSeconds: -1), .invalidTimeout, "cluster.checkTimeoutSeconds"),
        (ClusterSettings(checkTimeoutSeconds: .infinity), .invalidTimeout, "cluster.checkTimeoutSeconds"),
        (ClusterSettings(checkTimeoutSeconds: 3600), .invalidTimeout, "cluster.checkTimeoutSeconds"),
        (ClusterSettings(maxConcurrentKubectl: 0), .invalidConcurrency, "cluster.maxConcurrentKubectl"),
        (ClusterSettings(maxConcurrentKubectl: 65), .invalidConcurrency, "cluster.maxConcurrentKubectl"),
        (ClusterSettings(requestTimeoutSeconds: 30, checkTimeoutSeconds: 10), .invalidTimeout, "cluster.checkTimeoutSeconds"),
        (ClusterSettings(namespace: "Atelier"), .invalidNamespace, "cluster.namespace"),
        (ClusterSettings(namespace: "atelier_{learner}"), .invalidNamespace, "cluster.namespace"),
        (ClusterSettings(namespace: String(repeating: "a", count: 60) + "-{learner}"), .invalidNamespace, "cluster.namespace"),
        (ClusterSettings(namespace: "atelier-{user}"), .unknownPlaceholder, "cluster.namespace"),
        (ClusterSettings(context: ""), .invalidContext, "cluster.context"),
        (ClusterSettings(context: "ctx-{learner"), .unknownPlaceholder, "cluster.context"),
    ])
    func impossibleValues(settings: ClusterSettings, code: ClusterSettingsError.Code, key: String) {
        #expect {
            try settings.validate()
        } throws: { error in
            guard let error = error as? ClusterSettingsError else { return false }
            return error.code == code && error.key == key && !error.message.isEmpty
        }
    }

    @Test("un namespace par apprenant exige un identifiant d'apprenant valide")
    func perLearnerTarget() throws {
        let settings = ClusterSettings(namespace: "atelier-{learner}")
        #expect(settings.isPerLearner)
        #expect(throws: ClusterSettingsError.self) { try settings.target(learnerId: nil) }
        do {
            _ = try settings.target(learnerId: nil)
        } catch {
            #expect(error.code == .learnerRequired)
        }
        for invalid in ["ABCDEFGH2345", "abcdefgh234", "abcdefgh2349", "abc/efgh2345", "abcdefgh23451"] {
            do {
                _ = try settings.target(learnerId: invalid)
                Issue.record("identifiant accepté à tort : \(invalid)")
            } catch {
                #expect(error.code == .invalidLearnerId)
            }
        }
        #expect(try settings.target(learnerId: "zz2345abcdef").namespace == "atelier-zz2345abcdef")
    }

    @Test("un namespace partagé ignore l'identifiant d'apprenant")
    func sharedTarget() throws {
        let settings = ClusterSettings(context: "microk8s", namespace: "cours")
        #expect(!settings.isPerLearner)
        #expect(try settings.target(learnerId: nil) == ClusterTarget(namespace: "cours", context: "microk8s"))
        #expect(try settings.target(learnerId: "abcdefgh2345") == ClusterTarget(namespace: "cours", context: "microk8s"))
    }
}

extension ClusterSettings {
    /// The `cluster` section as config.json holds it, read as the server reads it.
    static func read(_ json: String) throws -> ClusterSettings {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        var object = JSONObjectReader(try #require(value.objectValue), path: "cluster")
        return try ClusterSettings(reading: &object)
    }
}
