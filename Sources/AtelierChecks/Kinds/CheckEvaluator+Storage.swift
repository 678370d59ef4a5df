import AtelierCluster
import AtelierContent
import Foundation

extension CheckEvaluator {
    func claimsBound(_ set: ClaimSet) -> Evaluation {
        withSnapshot([.persistentVolumeClaim]) { snapshot in
            let claims = set.claims.map { ($0, snapshot.claim($0)) }
            if let missing = missingClaims(claims, set) { return missing }
            if let unbound = claims.first(where: { $0.1?.phase != "Bound" }) {
                return .failed("notBound", ["claim": unbound.0, "phase": unbound.1?.phase ?? "?"])
            }
            return .passed(["claims": FrenchText.list(set.claims)])
        }
    }

    func claimsStorageClass(_ set: ClaimSet, _ storageClass: String) -> Evaluation {
        withSnapshot([.persistentVolumeClaim]) { snapshot in
            let claims = set.claims.map { ($0, snapshot.claim($0)) }
            if let missing = missingClaims(claims, set) { return missing }
            for (name, claim) in claims {
                guard let actual = claim?.storageClass, !actual.isEmpty else { return .failed("noClass", ["claim": name]) }
                if actual != storageClass { return .failed("wrongClass", ["claim": name, "actual": actual]) }
            }
            return .passed(["claims": FrenchText.list(set.claims)])
        }
    }

    private func missingClaims(_ claims: [(String, ClaimState?)], _ set: ClaimSet) -> Evaluation? {
        let missing = claims.filter { $0.1 == nil }.map(\.0)
        guard !missing.isEmpty else { return nil }
        return .failed("missing", ["missingCount": String(missing.count), "missingClaims": FrenchText.list(missing)])
    }

    /// Pod N must mount claim N: the point of volumeClaimTemplates is one volume per identity.
    func claimsMounted(_ set: ClaimSet) -> Evaluation {
        withSnapshot([.pod]) { snapshot in
            var pairs: [String] = []
            for ordinal in 0..<set.replicas {
                let podName = set.pod(ordinal)
                let claim = set.claim(ordinal)
                guard let pod = snapshot.pod(podName) else { return .failed("podMissing", ["pod": podName, "claim": claim]) }
                guard pod.claims.contains(where: { $0.claim == claim }) else {
                    let others = pod.claims.map(\.claim)
                    let actual = others.isEmpty ? "aucun PVC monté" : "il monte \(FrenchText.list(others))"
                    return .failed("notMounted", ["pod": podName, "claim": claim, "actual": actual])
                }
                pairs.append("\(podName) → \(claim)")
            }
            return .passed(["pairs": FrenchText.list(pairs)])
        }
    }

    /// The pod was deleted and re-created after its PVC (which survived): at creation the
    /// StatefulSet makes both within the same second, so a gap of a few seconds proves a new pod.
    func podRecreated(_ podName: String, _ claimName: String, _ minimumGapSeconds: Int) -> Evaluation {
        withSnapshot([.pod, .persistentVolumeClaim]) { snapshot in
            guard let claim = snapshot.claim(claimName) else { return .failed("claimMissing") }
            guard let pod = snapshot.pod(podName) else { return .failed("podMissing") }
            guard pod.claims.contains(where: { $0.claim == claimName }) else {
                let others = pod.claims.map(\.claim)
                return .failed("wrongClaim", ["actual": others.isEmpty ? "aucun PVC monté" : "il monte \(FrenchText.list(others))"])
            }
            var values = ["podCreated": pod.created.map(KubeTime.clock) ?? "?", "claimCreated": claim.created.map(KubeTime.clock) ?? "?"]
            guard let podCreated = pod.created, let claimCreated = claim.created else {
                values["podCreated"] = values["podCreated"] ?? "?"
                return .failed("notRecreated", values)
            }
            if podCreated.timeIntervalSince(claimCreated) >= Double(minimumGapSeconds) { return .passed(values) }
            return .failed("notRecreated", values)
        }
    }
}
