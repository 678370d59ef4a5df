import AtelierCluster
import AtelierContent

/// `clusterDNSReady`: CoreDNS answers `<pod>.<service>` lookups; without it the lesson's DNS
/// step cannot work. Its pods are listed outside the learner's namespace (`kube-system`).
struct ClusterDNSReady: CheckKind {
    static let name = "clusterDNSReady"

    enum Outcome: String, CheckOutcome {
        case passed, absent, notReady
    }

    let query: SystemPodQuery

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        let namespace = try parameters.optionalLabel("namespace") ?? "kube-system"
        let selector = try parameters.optionalString("selector") ?? "k8s-app=kube-dns"
        try ParameterReader.validateSelector(selector)
        query = SystemPodQuery(namespace: namespace, selector: selector)
    }

    var requirements: CheckRequirements { CheckRequirements(systemPods: [query]) }
    var values: [String: String] { ["systemNamespace": query.namespace, "selector": query.selector] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("CoreDNS est prêt ({ready}/{total} Pods dans kube-system).", provides: ["ready", "total"])
        case .absent: OutcomeMessage("CoreDNS n'est pas installé (aucun Pod k8s-app=kube-dns dans kube-system) : activez-le avec microk8s enable dns.")
        case .notReady: OutcomeMessage("CoreDNS n'est pas prêt : {detail}.", provides: ["ready", "total", "detail"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        guard let result = context.systemPods[query] else { return .error(CheckContext.internalError) }
        switch result {
        case .failure(let error):
            return .error(error)
        case .success(let items):
            let pods = items.compactMap(PodState.init)
            guard !pods.isEmpty else { return .failed(.absent) }
            let ready = pods.filter { $0.diagnosis() == nil }
            let values = ["ready": String(ready.count), "total": String(pods.count)]
            if !ready.isEmpty { return .passed(values) }
            let detail = pods.compactMap { $0.diagnosis() }.first ?? "aucun Pod prêt"
            return .failed(.notReady, values.merging(["detail": detail]) { $1 })
        }
    }
}
