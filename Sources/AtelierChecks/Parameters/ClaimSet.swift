import AtelierCluster
import AtelierContent

/// The PVCs a StatefulSet's claim template produces, one per ordinal: `data-postgres-0`…
struct ClaimSet: Sendable, Hashable {
    var statefulSet: String
    var template: String
    var replicas: Int

    func claim(_ ordinal: Int) -> String { "\(template)-\(statefulSet)-\(ordinal)" }
    func pod(_ ordinal: Int) -> String { "\(statefulSet)-\(ordinal)" }
    var claims: [String] { (0..<replicas).map(claim) }
}
