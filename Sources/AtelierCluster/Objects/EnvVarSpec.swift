import AtelierContent

/// One `env` entry: where the variable's value comes from.
///
/// A literal `value` is kept only as « present »: it may be a password written in clear and must
/// never reach a message or a log.
package struct EnvVarSpec: Sendable {
    package enum Source: Sendable, Hashable {
        case literal(String)
        case secretKey(secret: String, key: String)
        case configMapKey(configMap: String, key: String)
        case field(String)
        case other
    }

    package var name: String
    package var source: Source

    package init?(_ json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        if let from = json["valueFrom"] {
            if let secret = from.string(at: "secretKeyRef", "name"), let key = from.string(at: "secretKeyRef", "key") {
                source = .secretKey(secret: secret, key: key)
            } else if let map = from.string(at: "configMapKeyRef", "name"), let key = from.string(at: "configMapKeyRef", "key") {
                source = .configMapKey(configMap: map, key: key)
            } else if let path = from.string(at: "fieldRef", "fieldPath") {
                source = .field(path)
            } else {
                source = .other
            }
        } else {
            source = .literal(json["value"]?.stringValue ?? "")
        }
    }
}
