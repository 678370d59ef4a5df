/// A Service as the networking checks see it.
struct ServiceState: Sendable {
    struct Port: Sendable {
        var name: String?
        var port: Int?
        var targetPort: String?
    }

    var name: String
    var type: String
    /// `None` for a headless Service.
    var clusterIP: String?
    var selector: [String: String]
    var ports: [Port]

    init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        type = json.string(at: "spec", "type") ?? "ClusterIP"
        clusterIP = json.string(at: "spec", "clusterIP")
        selector = StatefulSetState.stringMap(json.value(at: "spec", "selector"))
        ports = (json.value(at: "spec", "ports")?.arrayValue ?? []).map { port in
            Port(name: port["name"]?.stringValue, port: port["port"]?.intValue, targetPort: port["targetPort"]?.displayText)
        }
    }

    var isHeadless: Bool { clusterIP == "None" }
}
