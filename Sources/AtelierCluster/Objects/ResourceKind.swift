import AtelierContent

/// Namespaced resource kinds a check can refer to, and how to talk about them.
///
/// Check specs name kinds the way learners type them (`sts`, `statefulset`, `StatefulSet`);
/// the snapshot asks kubectl for the plural resource names.
package enum ResourceKind: String, CaseIterable, Sendable, Hashable, Comparable {
    case statefulSet = "StatefulSet"
    case pod = "Pod"
    case persistentVolumeClaim = "PersistentVolumeClaim"
    case service = "Service"
    case secret = "Secret"
    case configMap = "ConfigMap"
    case event = "Event"
    case deployment = "Deployment"

    /// The resource name kubectl and the API use (`kubectl get statefulsets`).
    package var plural: String {
        switch self {
        case .statefulSet: "statefulsets"
        case .pod: "pods"
        case .persistentVolumeClaim: "persistentvolumeclaims"
        case .service: "services"
        case .secret: "secrets"
        case .configMap: "configmaps"
        case .event: "events"
        case .deployment: "deployments"
        }
    }

    /// « le StatefulSet », « la ConfigMap »: the French article agrees with the kind.
    package var label: String {
        switch self {
        case .statefulSet: "le StatefulSet"
        case .pod: "le Pod"
        case .persistentVolumeClaim: "le PVC"
        case .service: "le Service"
        case .secret: "le Secret"
        case .configMap: "la ConfigMap"
        case .event: "l'événement"
        case .deployment: "le Deployment"
        }
    }

    package var capitalizedLabel: String {
        label.prefix(1).uppercased() + label.dropFirst()
    }

    /// Accepts the spellings kubectl accepts: singular, plural, short name, any case.
    package init?(userName: String) {
        let name = userName.lowercased()
        for kind in Self.allCases {
            let spellings: [String]
            switch kind {
            case .statefulSet: spellings = ["statefulset", "statefulsets", "sts", "statefulsets.apps"]
            case .pod: spellings = ["pod", "pods", "po"]
            case .persistentVolumeClaim: spellings = ["persistentvolumeclaim", "persistentvolumeclaims", "pvc"]
            case .service: spellings = ["service", "services", "svc"]
            case .secret: spellings = ["secret", "secrets"]
            case .configMap: spellings = ["configmap", "configmaps", "cm"]
            case .event: spellings = ["event", "events", "ev"]
            case .deployment: spellings = ["deployment", "deployments", "deploy", "deployments.apps"]
            }
            if spellings.contains(name) {
                self = kind
                return
            }
        }
        return nil
    }

    /// « Le StatefulSet postgres » from the API resource kubectl names in an error
    /// (`statefulsets.apps`, `pods`…), or a neutral « L'objet x/y ».
    package static func sentenceLabel(forAPIResource resource: String, name: String) -> String {
        if resource == "namespaces" { return "Le namespace \(name)" }
        if let kind = ResourceKind(userName: resource) { return "\(kind.capitalizedLabel) \(name)" }
        return "L'objet \(resource)/\(name)"
    }

    package static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
