import AtelierCluster
import AtelierContent

/// `defaultStorageClass`: a default StorageClass lets `volumeClaimTemplates` without
/// `storageClassName` bind; with a name, that class must be the default (MicroK8s:
/// `microk8s-hostpath`).
struct DefaultStorageClass: CheckKind {
    static let name = "defaultStorageClass"

    enum Outcome: String, CheckOutcome {
        case passed, none, notDefault, absent
    }

    let className: String?

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        className = try parameters.optionalObjectName("name")
    }

    var requirements: CheckRequirements { CheckRequirements(storageClasses: true) }
    var values: [String: String] { className.map { ["name": $0] } ?? [:] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("La StorageClass par défaut est {actual}.", provides: ["actual"])
        case .none: OutcomeMessage("Aucune StorageClass par défaut : activez-en une avec microk8s enable hostpath-storage.")
        case .notDefault: OutcomeMessage("La StorageClass {name} existe mais n'est pas la classe par défaut ({defaultText}).", provides: ["name", "defaultText"])
        case .absent: OutcomeMessage("La StorageClass {name} n'existe pas ({defaultText}) : activez-la avec microk8s enable hostpath-storage.", provides: ["name", "defaultText"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        guard let result = context.storageClasses else { return .error(CheckContext.internalError) }
        switch result {
        case .failure(let error):
            return .error(error)
        case .success(let items):
            let classes = items.compactMap { item -> (name: String, isDefault: Bool)? in
                guard let name = item.string(at: "metadata", "name") else { return nil }
                let annotations = item.value(at: "metadata", "annotations")
                let isDefault = annotations?["storageclass.kubernetes.io/is-default-class"]?.stringValue == "true"
                    || annotations?["storageclass.beta.kubernetes.io/is-default-class"]?.stringValue == "true"
                return (name, isDefault)
            }
            let defaults = classes.filter(\.isDefault).map(\.name)
            let defaultText = defaults.isEmpty ? "aucune classe n'est marquée par défaut" : "classe par défaut : \(FrenchText.list(defaults))"
            guard let className else {
                if let first = defaults.first { return .passed(["actual": first]) }
                return .failed(.none)
            }
            if defaults.contains(className) { return .passed(["actual": className]) }
            let values = ["name": className, "defaultText": defaultText]
            if classes.contains(where: { $0.name == className }) { return .failed(.notDefault, values) }
            if defaults.isEmpty && classes.isEmpty { return .failed(.none) }
            return .failed(.absent, values)
        }
    }
}
