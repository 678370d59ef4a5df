/// A resource type the stand-in's API server knows, with kubectl's spellings.
struct ResourceType: Equatable {
    var kind: String
    var plural: String
    var group: String
    var namespaced: Bool
    var aliases: [String]

    static let all: [ResourceType] = [
        ResourceType(kind: "StatefulSet", plural: "statefulsets", group: "apps", namespaced: true,
                     aliases: ["statefulset", "sts", "statefulsets.apps", "statefulset.apps"]),
        ResourceType(kind: "Deployment", plural: "deployments", group: "apps", namespaced: true,
                     aliases: ["deployment", "deploy", "deployments.apps", "deployment.apps"]),
        ResourceType(kind: "Pod", plural: "pods", group: "", namespaced: true, aliases: ["pod", "po"]),
        ResourceType(kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", group: "", namespaced: true,
                     aliases: ["persistentvolumeclaim", "pvc"]),
        ResourceType(kind: "Service", plural: "services", group: "", namespaced: true, aliases: ["service", "svc"]),
        ResourceType(kind: "Secret", plural: "secrets", group: "", namespaced: true, aliases: ["secret"]),
        ResourceType(kind: "ConfigMap", plural: "configmaps", group: "", namespaced: true, aliases: ["configmap", "cm"]),
        ResourceType(kind: "Event", plural: "events", group: "", namespaced: true, aliases: ["event", "ev"]),
        ResourceType(kind: "StorageClass", plural: "storageclasses", group: "storage.k8s.io", namespaced: false,
                     aliases: ["storageclass", "sc", "storageclasses.storage.k8s.io"]),
        ResourceType(kind: "Namespace", plural: "namespaces", group: "", namespaced: false, aliases: ["namespace", "ns"]),
        ResourceType(kind: "PersistentVolume", plural: "persistentvolumes", group: "", namespaced: false,
                     aliases: ["persistentvolume", "pv"]),
    ]

    static func named(_ name: String) -> ResourceType? {
        let lowered = name.lowercased()
        return all.first { $0.plural == lowered || $0.aliases.contains(lowered) }
    }

    /// `statefulsets.apps` as kubectl names it in errors; core types have no suffix.
    var qualified: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
