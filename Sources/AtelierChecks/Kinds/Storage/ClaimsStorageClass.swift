import AtelierCluster
import AtelierContent
import Foundation

/// `claimsStorageClass`: the PVCs of a claim template use the expected StorageClass.
struct ClaimsStorageClass: CheckKind {
    static let name = "claimsStorageClass"

    enum Outcome: String, ClaimsOutcome {
        case passed, wrongClass, noClass, missing
    }

    let claims: ClaimSet
    let storageClass: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        claims = try parameters.claimSet()
        storageClass = try parameters.objectName("storageClass")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.persistentVolumeClaim]) }
    var values: [String: String] { claims.values.merging(["storageClass": storageClass]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Les PVC {claims} utilisent la StorageClass {storageClass}.", provides: ["claims"])
        case .wrongClass: OutcomeMessage("Le PVC {claim} utilise la StorageClass {actual} au lieu de {storageClass}.", provides: ["claim", "actual"])
        case .noClass: OutcomeMessage("Le PVC {claim} n'a pas de StorageClass ; attendue : {storageClass}.", provides: ["claim"])
        case .missing: OutcomeMessage(StatefulSetMessages.missingClaims, provides: ["missingCount", "missingClaims"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withClaims(claims) { found in
            for (name, claim) in found {
                guard let actual = claim?.storageClass, !actual.isEmpty else { return .failed(.noClass, ["claim": name]) }
                if actual != storageClass { return .failed(.wrongClass, ["claim": name, "actual": actual]) }
            }
            return .passed(["claims": FrenchText.list(claims.claims)])
        }
    }
}
