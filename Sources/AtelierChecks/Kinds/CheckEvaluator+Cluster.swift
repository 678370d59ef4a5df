import AtelierCluster
import AtelierContent

extension CheckEvaluator {
    /// CoreDNS answers `<pod>.<service>` lookups; without it the lesson's DNS step cannot work.
    func clusterDNSReady(_ query: SystemPodQuery) -> Evaluation {
        guard let result = context.systemPods[query] else { return .error(Self.internalError) }
        switch result {
        case .failure(let error):
            return .error(error)
        case .success(let items):
            let pods = items.compactMap(PodState.init)
            guard !pods.isEmpty else { return .failed("absent") }
            let ready = pods.filter { $0.diagnosis() == nil }
            let values = ["ready": String(ready.count), "total": String(pods.count)]
            if !ready.isEmpty { return .passed(values) }
            let detail = pods.compactMap { $0.diagnosis() }.first ?? "aucun Pod prêt"
            return .failed("notReady", values.merging(["detail": detail]) { $1 })
        }
    }

    /// A default StorageClass lets `volumeClaimTemplates` without `storageClassName` bind; with a
    /// name, that class must be the default (MicroK8s: `microk8s-hostpath`).
    func defaultStorageClass(_ name: String?) -> Evaluation {
        guard let result = context.storageClasses else { return .error(Self.internalError) }
        switch result {
        case .failure(let error):
            return .error(error)
        case .success(let items):
            let classes = items.compactMap { item -> (name: String, isDefault: Bool)? in
                guard let className = item.string(at: "metadata", "name") else { return nil }
                let annotations = item.value(at: "metadata", "annotations")
                let isDefault = annotations?["storageclass.kubernetes.io/is-default-class"]?.stringValue == "true"
                    || annotations?["storageclass.beta.kubernetes.io/is-default-class"]?.stringValue == "true"
                return (className, isDefault)
            }
            let defaults = classes.filter(\.isDefault).map(\.name)
            let defaultText = defaults.isEmpty ? "aucune classe n'est marquée par défaut" : "classe par défaut : \(FrenchText.list(defaults))"
            guard let name else {
                if let first = defaults.first { return .passed(["actual": first]) }
                return .failed("none")
            }
            if defaults.contains(name) { return .passed(["actual": name]) }
            if classes.contains(where: { $0.name == name }) { return .failed("notDefault", ["defaultText": defaultText]) }
            if defaults.isEmpty && classes.isEmpty { return .failed("none") }
            return .failed("absent", ["defaultText": defaultText])
        }
    }
}
