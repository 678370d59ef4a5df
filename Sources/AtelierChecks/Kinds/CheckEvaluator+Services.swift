import AtelierCluster
import AtelierContent

extension CheckEvaluator {
    func serviceHeadless(_ name: String) -> Evaluation {
        withSnapshot([.service]) { snapshot in
            guard let service = snapshot.service(name) else { return .failed("missing") }
            if service.isHeadless { return .passed() }
            let shown = service.clusterIP.map { $0.isEmpty ? "vide" : $0 } ?? "aucune, type \(service.type)"
            return .failed("notHeadless", ["clusterIP": shown])
        }
    }

    func servicePort(_ name: String, _ port: Int, _ portName: String) -> Evaluation {
        withSnapshot([.service]) { snapshot in
            guard let service = snapshot.service(name) else { return .failed("missing") }
            guard let found = service.ports.first(where: { $0.port == port }) else {
                let ports = service.ports.map { entry in
                    let number = entry.port.map(String.init) ?? "?"
                    return entry.name.map { "\(number) (\($0))" } ?? number
                }
                return .failed("noPort", ["ports": ports.isEmpty ? "aucun" : FrenchText.list(ports)])
            }
            guard let actual = found.name, !actual.isEmpty else { return .failed("unnamed") }
            if actual == portName { return .passed() }
            return .failed("wrongName", ["actualName": actual])
        }
    }

    /// The selector must pick the StatefulSet's pods: it is compared with the pod template's
    /// labels (what every future pod gets), not only with the pods that happen to exist now.
    func serviceSelects(_ serviceName: String, _ statefulSetName: String) -> Evaluation {
        withSnapshot([.service, .statefulSet]) { snapshot in
            guard let service = snapshot.service(serviceName) else { return .failed("missing") }
            let selector = Self.labelsText(service.selector)
            guard !service.selector.isEmpty else { return .failed("noSelector") }
            guard let statefulSet = snapshot.statefulSet(statefulSetName) else {
                return .failed("statefulSetMissing", ["selector": selector])
            }
            let labels = statefulSet.templateLabels
            let matches = service.selector.allSatisfy { labels[$0.key] == $0.value }
            let values = ["selector": selector, "labels": labels.isEmpty ? "aucun label" : Self.labelsText(labels)]
            return matches ? .passed(values) : .failed("mismatch", values)
        }
    }

    func statefulSetServiceName(_ statefulSetName: String, _ serviceName: String) -> Evaluation {
        withSnapshot([.statefulSet, .service]) { snapshot in
            guard let statefulSet = snapshot.statefulSet(statefulSetName) else { return .failed("missing") }
            guard let actual = statefulSet.serviceName, !actual.isEmpty else { return .failed("absent") }
            guard actual == serviceName else { return .failed("mismatch", ["actual": actual]) }
            guard snapshot.service(serviceName) != nil else { return .failed("serviceMissing") }
            return .passed(["actual": actual])
        }
    }

    /// `app=postgres, tier=db`, sorted so messages are stable.
    static func labelsText(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
