import AtelierCluster
import AtelierContent
import Foundation

/// `podRecreated`: the pod was deleted and re-created after its PVC (which survived): at
/// creation the StatefulSet makes both within the same second, so a gap of a few seconds proves
/// a new pod.
struct PodRecreated: CheckKind {
    static let name = "podRecreated"

    enum Outcome: String, CheckOutcome {
        case passed, notRecreated, wrongClaim, podMissing, claimMissing
    }

    let pod: String
    let claim: String
    let minimumGapSeconds: Int

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        pod = try parameters.objectName("pod")
        claim = try parameters.objectName("claim")
        minimumGapSeconds = try parameters.optionalInt("minimumGapSeconds", in: 1...3600) ?? 5
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.pod, .persistentVolumeClaim]) }
    var values: [String: String] { ["pod": pod, "claim": claim] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{pod} a été recréé à {podCreated}, après son PVC {claim} ({claimCreated}), et le monte toujours : les données ont survécu.", provides: ["podCreated", "claimCreated"])
        case .notRecreated: OutcomeMessage("{pod} date de la création de son PVC {claim} ({podCreated}) : supprimez-le (kubectl delete pod {pod}) pour vérifier que les données survivent.", provides: ["podCreated", "claimCreated"])
        case .wrongClaim: OutcomeMessage("{pod} ne monte pas le PVC {claim} ({actual}).", provides: ["actual"])
        case .podMissing: OutcomeMessage("Le Pod {pod} n'existe pas (encore) : attendez que le StatefulSet le recrée.")
        case .claimMissing: OutcomeMessage("Le PVC {claim} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.pod, .persistentVolumeClaim]) { snapshot in
            guard let foundClaim = snapshot.claim(claim) else { return .failed(.claimMissing) }
            guard let foundPod = snapshot.pod(pod) else { return .failed(.podMissing) }
            guard foundPod.claims.contains(where: { $0.claim == claim }) else {
                return .failed(.wrongClaim, ["actual": foundPod.mountedClaimsText])
            }
            let values = ["podCreated": foundPod.created.map(KubeTime.clock) ?? "?",
                          "claimCreated": foundClaim.created.map(KubeTime.clock) ?? "?"]
            guard let podCreated = foundPod.created, let claimCreated = foundClaim.created else {
                return .failed(.notRecreated, values)
            }
            if podCreated.timeIntervalSince(claimCreated) >= Double(minimumGapSeconds) { return .passed(values) }
            return .failed(.notRecreated, values)
        }
    }
}
