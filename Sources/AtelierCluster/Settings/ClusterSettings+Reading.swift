import AtelierContent

extension ClusterSettings {
    /// Reads the `cluster` object of config.json: documented defaults for missing keys, the key
    /// named on a wrong type or an unknown key (`"namspace"` is reported, not ignored).
    /// Types only: `validate()` holds the rules and ranges.
    package init(reading object: inout JSONObjectReader) throws(ClusterSettingsError) {
        func wrongType(_ key: String, _ expected: String, _ found: JSONValue) -> ClusterSettingsError {
            ClusterSettingsError(.invalidType, key: object.path(of: key), message: "expected \(expected), found \(found.typeName)")
        }
        func string(_ key: String) throws(ClusterSettingsError) -> String? {
            guard let value = object.value(key) else { return nil }
            guard let text = value.stringValue else { throw wrongType(key, "a string", value) }
            return text
        }
        let defaults = ClusterSettings()
        self = defaults
        if let value = object.value("kubectl") {
            guard let items = value.arrayValue else { throw wrongType("kubectl", "an array of strings", value) }
            kubectl = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue else {
                    throw ClusterSettingsError(.invalidType, key: "\(object.path(of: "kubectl"))[\(index)]",
                                               message: "expected a string, found \(item.typeName)")
                }
                kubectl.append(text)
            }
        }
        kubeconfig = try string("kubeconfig")
        context = try string("context")
        namespace = try string("namespace") ?? defaults.namespace
        if let value = object.value("requestTimeoutSeconds") {
            guard let seconds = value.intValue else { throw wrongType("requestTimeoutSeconds", "a whole number", value) }
            requestTimeoutSeconds = seconds
        }
        if let value = object.value("checkTimeoutSeconds") {
            guard let seconds = value.numberValue else { throw wrongType("checkTimeoutSeconds", "a number", value) }
            checkTimeoutSeconds = seconds
        }
        if let value = object.value("maxConcurrentKubectl") {
            guard let count = value.intValue else { throw wrongType("maxConcurrentKubectl", "a whole number", value) }
            maxConcurrentKubectl = count
        }
        if let value = object.value("observeIdleMinutes") {
            guard let minutes = value.intValue else { throw wrongType("observeIdleMinutes", "a whole number", value) }
            observeIdleMinutes = minutes
        }
        if let value = object.value("learnerKubeconfig") {
            guard let enabled = value.boolValue else { throw wrongType("learnerKubeconfig", "true or false", value) }
            learnerKubeconfig = enabled
        }
        if let value = object.value("allowedServers") {
            guard let items = value.arrayValue else { throw wrongType("allowedServers", "an array of CIDR blocks", value) }
            allowedServers = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue, let block = IPBlock(text) else {
                    throw ClusterSettingsError(.invalidServers, key: "\(object.path(of: "allowedServers"))[\(index)]",
                        message: "expected a CIDR block such as \"10.0.0.0/8\" or \"fc00::/7\" (no host bits set), found \(item.displayText)")
                }
                allowedServers.append(block)
            }
        }
        if let unknown = object.firstUnknownKey() {
            throw ClusterSettingsError(.unknownKey, key: object.path(of: unknown),
                message: "unknown key (check its spelling against the README)")
        }
    }
}
