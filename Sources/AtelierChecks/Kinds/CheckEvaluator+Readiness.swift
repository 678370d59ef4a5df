import AtelierCluster
import AtelierContent

extension CheckEvaluator {
    /// N/N Ready, judged on the pods themselves (the StatefulSet status lags behind and omits
    /// `readyReplicas` when it is 0). When not ready, names the first pod in ordinal order that
    /// is not, which with OrderedReady is the one holding the others back.
    func statefulSetReady(_ name: String, _ replicas: Int, _ crashLoopHint: String?) -> Evaluation {
        withSnapshot([.statefulSet, .pod]) { snapshot in
            guard let statefulSet = snapshot.statefulSet(name) else { return .failed("missing") }
            guard statefulSet.replicas == replicas else {
                return .failed("wrongReplicas", ["actualText": FrenchText.count(statefulSet.replicas, "réplique", "répliques")])
            }
            var ready = 0
            var firstProblem: String?
            for ordinal in 0..<replicas {
                let podName = "\(name)-\(ordinal)"
                guard let pod = snapshot.pod(podName) else {
                    firstProblem = firstProblem ?? "\(podName) n'a pas encore été créé"
                    continue
                }
                if let problem = pod.diagnosis(crashLoopHint: crashLoopHint) {
                    firstProblem = firstProblem ?? problem
                } else {
                    ready += 1
                }
            }
            let values = ["ready": String(ready), "readyText": Self.readyText(ready, of: replicas)]
            guard let firstProblem else { return .passed(values) }
            return .failed("notReady", values.merging(["detail": FrenchText.sentence(firstProblem)]) { $1 })
        }
    }

    /// « Aucun Pod prêt sur 3 », « 1 Pod prêt sur 3 », « 2 Pods prêts sur 3 ».
    static func readyText(_ ready: Int, of total: Int) -> String {
        switch ready {
        case 0: return "Aucun Pod prêt sur \(total)"
        case 1: return "1 Pod prêt sur \(total)"
        default: return "\(ready) Pods prêts sur \(total)"
        }
    }
}
