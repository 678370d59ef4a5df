import AtelierContent

/// A Service as the networking checks see it.
package struct ServiceState: Sendable {
    package struct Port: Sendable {
        package var name: String?
        package var port: Int?
        package var targetPort: String?
    }

    package var name: String
    package var type: String
    /// `None` for a headless Service.
    package var clusterIP: String?
    package var selector: [String: String]
    package var ports: [Port]

    package init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        type = json.string(at: "spec", "type") ?? "ClusterIP"
        clusterIP = json.string(at: "spec", "clusterIP")
        selector = StatefulSetState.stringMap(json.value(at: "spec", "selector"))
        ports = (json.value(at: "spec", "ports")?.arrayValue ?? []).map { port in
            Port(name: port["name"]?.stringValue, port: port["port"]?.intValue, targetPort: port["targetPort"]?.displayText)
        }
    }

    package var isHeadless: Bool { clusterIP == "None" }
}
