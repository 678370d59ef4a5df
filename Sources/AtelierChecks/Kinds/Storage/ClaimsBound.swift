import AtelierCluster
import AtelierContent
import Foundation

/// `claimsBound`: the PVCs of a StatefulSet's claim template exist and are Bound.
struct ClaimsBound: CheckKind {
    static let name = "claimsBound"

    enum Outcome: String, ClaimsOutcome {
        case passed, missing, notBound
    }

    let claims: ClaimSet

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        claims = try parameters.claimSet()
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.persistentVolumeClaim]) }
    var values: [String: String] { claims.values }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Les PVC {claims} existent et sont Bound.", provides: ["claims"])
        case .missing: OutcomeMessage(StatefulSetMessages.missingClaims, provides: ["missingCount", "missingClaims"])
        case .notBound: OutcomeMessage("Le PVC {claim} est {phase} : il n'est pas encore lié à un volume.", provides: ["claim", "phase"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withClaims(claims) { found in
            if let unbound = found.first(where: { $0.1?.phase != "Bound" }) {
                return .failed(.notBound, ["claim": unbound.0, "phase": unbound.1?.phase ?? "?"])
            }
            return .passed(["claims": FrenchText.list(claims.claims)])
        }
    }
}
