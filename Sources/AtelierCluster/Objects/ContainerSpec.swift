import AtelierContent

/// The parts of a container spec the checks look at.
package struct ContainerSpec: Sendable {
    package var name: String
    package var image: String?
    package var env: [EnvVarSpec]
    /// Names of Secrets imported whole with `envFrom.secretRef`.
    package var envFromSecrets: [String]
    /// Volume name → mount path.
    package var volumeMounts: [(volume: String, path: String)]
    package var readinessProbe: JSONValue?

    package init(_ json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        image = json["image"]?.stringValue
        env = (json["env"]?.arrayValue ?? []).compactMap(EnvVarSpec.init)
        envFromSecrets = (json["envFrom"]?.arrayValue ?? []).compactMap { $0.string(at: "secretRef", "name") }
        volumeMounts = (json["volumeMounts"]?.arrayValue ?? []).compactMap { mount in
            guard let volume = mount["name"]?.stringValue, let path = mount["mountPath"]?.stringValue else { return nil }
            return (volume, path)
        }
        readinessProbe = json["readinessProbe"]
    }

    package static func list(_ json: JSONValue?) -> [ContainerSpec] {
        (json?.arrayValue ?? []).map(ContainerSpec.init)
    }
}
