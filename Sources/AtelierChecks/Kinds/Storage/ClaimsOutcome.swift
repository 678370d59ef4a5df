import AtelierCluster
import AtelierContent
import Foundation

/// Outcomes of kinds that need every PVC of a claim template.
protocol ClaimsOutcome: CheckOutcome {
    static var missing: Self { get }
}

extension CheckContext {
    /// Runs `body` with every claim of the set, or `missing` naming those that do not exist.
    func withClaims<Outcome: ClaimsOutcome>(_ set: ClaimSet,
                                           _ body: ([(String, ClaimState?)]) -> Verdict<Outcome>) -> Verdict<Outcome> {
        withSnapshot([.persistentVolumeClaim]) { snapshot in
            let claims = set.claims.map { ($0, snapshot.claim($0)) }
            let missing = claims.filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty else {
                return .failed(.missing, ["missingCount": String(missing.count), "missingClaims": FrenchText.list(missing)])
            }
            return body(claims)
        }
    }
}
