import AtelierCluster
import AtelierContent
import Foundation

/// `claimsKept`: after a scale-down and back, the PVCs are the SAME claim objects as before —
/// not merely claims of the same name. A claim deleted by hand while its pod was gone is
/// re-created from the template when the ordinal comes back: same name, Bound again, but a new
/// uid on a new volume, and that pod's data is gone.
///
/// Evidence, best first: Atelier's timeline (every uid a claim name had), then the
/// statefulset-controller's `create Claim …` events (a claim created twice is one event with
/// `count` ≥ 2). With neither, only what exists now can be judged, and the message says so.
struct ClaimsKept: CheckKind {
    static let name = "claimsKept"

    enum Outcome: String, ClaimsOutcome {
        case passed, recreated, notBound, missing
    }

    let claims: ClaimSet

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        claims = try parameters.claimSet()
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.persistentVolumeClaim, .event, .statefulSet]) }
    var values: [String: String] { claims.values }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Les PVC {claims} sont conservés et Bound{proof}.", provides: ["claims", "proof"])
        case .recreated: OutcomeMessage("Le PVC {claim} a été recréé ({detail}) : c'est un nouveau volume, les données de {pod} sont perdues. Un PVC supprimé pendant la réduction ne revient pas : il est recréé vide.", provides: ["claim", "detail", "pod"])
        case .notBound: OutcomeMessage("Le PVC {claim} est {phase} : il n'est pas encore lié à un volume.", provides: ["claim", "phase"])
        case .missing: OutcomeMessage(StatefulSetMessages.missingClaims, provides: ["missingCount", "missingClaims"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withClaims(claims) { found in
            for (ordinal, (name, _)) in found.enumerated() {
                if let detail = recreation(of: name, context) {
                    return .failed(.recreated, ["claim": name, "detail": detail, "pod": claims.pod(ordinal)])
                }
            }
            if let unbound = found.first(where: { $0.1?.phase != "Bound" }) {
                return .failed(.notBound, ["claim": unbound.0, "phase": unbound.1?.phase ?? "?"])
            }
            return .passed(["claims": FrenchText.list(claims.claims), "proof": proof(context)])
        }
    }

    /// How the claim was seen re-created, or nil when no evidence says so.
    private func recreation(of claim: String, _ context: CheckContext) -> String? {
        if let identities = context.timeline?.claimIdentities(claim), identities.count > 1 {
            let gone = identities.first { $0.deleted != nil }?.deleted
            let back = identities.last!.created
            let deleted = gone.map { "supprimé à \(KubeTime.clock($0)), " } ?? ""
            return "\(deleted)recréé à \(KubeTime.clock(back)) avec un nouvel uid, d'après la chronologie d'Atelier"
        }
        guard case .success(let snapshot)? = context.snapshot,
              let statefulSet = snapshot.statefulSet(claims.statefulSet) else { return nil }
        let message = "create Claim \(claim) Pod "
        for event in snapshot.events where event.objectKind == "StatefulSet" && event.objectName == statefulSet.name
            && event.reason == "SuccessfulCreate" && event.message.hasPrefix(message) && event.count >= 2 {
            if let uid = statefulSet.uid, let eventUID = event.objectUID, !eventUID.isEmpty, eventUID != uid { continue }
            let when = event.lastTime.map { "\u{202F}; dernière création à \(KubeTime.clock($0))" } ?? ""
            return "le statefulset-controller l'a créé \(event.count) fois\(when)"
        }
        return nil
    }

    /// What the pass rests on, said in the message.
    private func proof(_ context: CheckContext) -> String {
        if let timeline = context.timeline, claims.claims.allSatisfy({ !timeline.claimIdentities($0).isEmpty }) {
            return "\u{00A0}: mêmes objets (uid inchangés) depuis qu'Atelier suit votre namespace"
        }
        if case .success(let snapshot)? = context.snapshot, !snapshot.events.isEmpty {
            return "\u{00A0}: aucun n'a été recréé d'après les événements encore présents"
        }
        return " (ni la chronologie d'Atelier ni les événements, expirés, ne montrent de recréation)"
    }
}
