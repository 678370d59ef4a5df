import AtelierCluster
import AtelierContent
import Foundation

/// `claimsMountedByOrdinal`: pod N mounts claim N; the point of volumeClaimTemplates is one
/// volume per identity.
struct ClaimsMountedByOrdinal: CheckKind {
    static let name = "claimsMountedByOrdinal"

    enum Outcome: String, CheckOutcome {
        case passed, podMissing, notMounted
    }

    let claims: ClaimSet

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        claims = try parameters.claimSet()
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.pod]) }
    var values: [String: String] { claims.values }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Chaque Pod monte son propre PVC : {pairs}.", provides: ["pairs"])
        case .podMissing: OutcomeMessage("Le Pod {pod} n'existe pas : impossible de vérifier qu'il monte {claim}.", provides: ["pod", "claim"])
        case .notMounted: OutcomeMessage("Le Pod {pod} ne monte pas le PVC {claim} ({actual}).", provides: ["pod", "claim", "actual"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.pod]) { snapshot in
            var pairs: [String] = []
            for ordinal in 0..<claims.replicas {
                let podName = claims.pod(ordinal)
                let claim = claims.claim(ordinal)
                guard let pod = snapshot.pod(podName) else { return .failed(.podMissing, ["pod": podName, "claim": claim]) }
                guard pod.claims.contains(where: { $0.claim == claim }) else {
                    return .failed(.notMounted, ["pod": podName, "claim": claim, "actual": pod.mountedClaimsText])
                }
                pairs.append("\(podName) → \(claim)")
            }
            return .passed(["pairs": FrenchText.list(pairs)])
        }
    }
}

extension PodState {
    /// « aucun PVC monté » or « il monte data-a, data-b ».
    var mountedClaimsText: String {
        let names = claims.map(\.claim)
        return names.isEmpty ? "aucun PVC monté" : "il monte \(FrenchText.list(names))"
    }
}
