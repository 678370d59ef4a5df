import AtelierCluster
import AtelierContent

extension ClaimSet {
    /// Placeholders any message about these claims may use.
    var values: [String: String] {
        ["statefulSet": statefulSet, "template": template, "replicas": String(replicas)]
    }
}
