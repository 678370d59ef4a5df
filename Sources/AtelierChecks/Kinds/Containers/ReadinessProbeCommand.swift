import AtelierCluster
import AtelierContent

/// `readinessProbeCommand`: the container's readinessProbe runs an executable (`pg_isready`);
/// also accepts `sh -c "pg_isready -U postgres"` and `/usr/bin/pg_isready`.
struct ReadinessProbeCommand: CheckKind {
    static let name = "readinessProbeCommand"

    enum Outcome: String, ContainerOutcome {
        case passed, absent, notExec, mismatch, containerMissing, missing
    }

    let container: ContainerReference
    let executable: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        container = try parameters.container()
        executable = try parameters.string("executable")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet]) }
    var values: [String: String] { container.values.merging(["executable": executable]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("La readinessProbe du conteneur {container} exécute « {command} ».", provides: ["container", "command"])
        case .absent: OutcomeMessage("Le conteneur {container} n'a pas de readinessProbe.", provides: ["container"])
        case .notExec: OutcomeMessage("La readinessProbe du conteneur {container} n'exécute pas de commande ({probeType}) : utilisez exec avec {executable}.", provides: ["container", "probeType"])
        case .mismatch: OutcomeMessage("La readinessProbe du conteneur {container} exécute « {command} » au lieu de {executable}.", provides: ["container", "command"])
        case .containerMissing: OutcomeMessage(StatefulSetMessages.containerMissing, provides: ["container", "containers"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withContainer(container) { _, _, found in
            guard let probe = found.readinessProbe, probe != .null else { return .failed(.absent) }
            guard let command = probe.value(at: "exec", "command")?.arrayValue?.compactMap(\.stringValue), !command.isEmpty else {
                let type = ["httpGet", "tcpSocket", "grpc"].first { probe[$0] != nil } ?? "aucune action"
                return .failed(.notExec, ["probeType": type])
            }
            let joined = command.joined(separator: " ")
            let values = ["command": joined.count > 120 ? String(joined.prefix(120)) + "…" : joined]
            let words = command.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" || $0 == "|" }) }
            let found = words.contains { $0 == executable || $0.hasSuffix("/" + executable) }
            return found ? .passed(values) : .failed(.mismatch, values)
        }
    }
}
