import AtelierCluster
import AtelierContent

/// `envPathUnderMount`: a path variable (PGDATA) lies on a mounted volume; otherwise the data
/// is written to the container's own layer and lost with the pod.
struct EnvPathUnderMount: CheckKind {
    static let name = "envPathUnderMount"

    enum Outcome: String, ContainerOutcome {
        case passed, outside, notMounted, absent, notLiteral, containerMissing, missing
    }

    let container: ContainerReference
    let variable: String
    let volume: String
    /// The image's own default (postgres: /var/lib/postgresql/data), used when the variable is unset.
    let defaultValue: String?

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        container = try parameters.container()
        variable = try parameters.environmentName("variable")
        volume = try parameters.label("volume")
        defaultValue = try parameters.optionalString("valueWhenUnset")
        if let defaultValue, !defaultValue.hasPrefix("/") {
            throw ParameterProblem(code: .invalidParameter, message: "le paramètre « valueWhenUnset » doit être un chemin absolu.")
        }
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet]) }
    var values: [String: String] { container.values.merging(["variable": variable, "volume": volume]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{variable} ({value}) est sous le point de montage {mountPath} du volume {volume}.", provides: ["container", "value", "mountPath"])
        case .outside: OutcomeMessage("{variable} vaut {value}, hors du point de montage {mountPath} du volume {volume} : les données ne seraient pas sur le PVC.", provides: ["container", "value", "mountPath"])
        case .notMounted: OutcomeMessage("Le conteneur {container} ne monte pas le volume {volume}.", provides: ["container"])
        case .absent: OutcomeMessage("Le conteneur {container} ne définit pas la variable {variable}.", provides: ["container"])
        case .notLiteral: OutcomeMessage("{variable} ne vient pas d'une valeur écrite dans le manifeste : impossible de vérifier qu'il est sous {mountPath}.", provides: ["container", "mountPath"])
        case .containerMissing: OutcomeMessage(StatefulSetMessages.containerMissing, provides: ["container", "containers"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withContainer(container) { _, _, found in
            let value: String
            if let entry = found.env.last(where: { $0.name == variable }) {
                guard case .literal(let literal) = entry.source else {
                    let mount = found.volumeMounts.first { $0.volume == volume }?.path ?? "?"
                    return .failed(.notLiteral, ["mountPath": mount])
                }
                value = literal
            } else if let defaultValue {
                value = defaultValue
            } else {
                return .failed(.absent)
            }
            guard let mount = found.volumeMounts.first(where: { $0.volume == volume }) else { return .failed(.notMounted) }
            let values = ["value": value, "mountPath": mount.path]
            return Self.isPath(value, under: mount.path) ? .passed(values) : .failed(.outside, values)
        }
    }

    static func isPath(_ path: String, under mount: String) -> Bool {
        func components(_ text: String) -> [Substring] { text.split(separator: "/") }
        let pathParts = components(path)
        let mountParts = components(mount)
        guard path.hasPrefix("/"), !pathParts.contains(".."), pathParts.count >= mountParts.count else { return false }
        return Array(pathParts.prefix(mountParts.count)) == mountParts
    }
}
