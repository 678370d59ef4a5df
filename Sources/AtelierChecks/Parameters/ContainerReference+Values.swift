import AtelierCluster
import AtelierContent

extension ContainerReference {
    /// Placeholders any message about this container may use.
    var values: [String: String] {
        var values = ["statefulSet": statefulSet]
        if let container { values["container"] = container }
        return values
    }
}
