import AtelierCluster
import AtelierContent

/// A check compiled at start-up: its typed kind with parameters, its templates after the
/// checks.json overrides. The engine runs this; nothing is parsed per request.
struct CompiledCheck: Sendable {
    let id: String
    let title: String
    let requirements: CheckRequirements
    /// The command this check needs run in a pod, once the snapshot is known.
    let execCommand: @Sendable (CheckContext) -> ExecCommand?
    /// The verdict with its rendered French message.
    let judge: @Sendable (CheckContext) -> CheckResult

    /// Parses `spec`'s parameters for kind `K` and validates its message overrides: each key must
    /// name an outcome of `K`, each placeholder a value that outcome provides.
    static func compile<K: CheckKind>(_: K.Type, _ spec: CheckSpec, step: String) throws(CheckSpecError) -> CompiledCheck {
        var reader = ParameterReader(spec.params)
        let kind: K
        do {
            kind = try K(&reader)
            try reader.finish()
        } catch {
            throw CheckSpecError(error.code, step: step, check: spec.id, message: error.message)
        }
        let values = kind.values
        var overrides: [K.Outcome: String] = [:]
        for (key, template) in spec.messages ?? [:] {
            guard let outcome = K.Outcome(rawValue: key) else {
                throw CheckSpecError(.unknownMessage, step: step, check: spec.id,
                    message: "message « \(key) » inconnu pour \(K.name) ; messages possibles : \(K.Outcome.allCases.map(\.rawValue).sorted().joined(separator: ", ")).")
            }
            let allowed = K.message(for: outcome).provides.union(values.keys).union(["namespace"])
            if let unknown = MessageTemplate.placeholders(in: template).first(where: { !allowed.contains($0) }) {
                throw CheckSpecError(.unknownPlaceholder, step: step, check: spec.id,
                    message: "le message « \(key) » utilise {\(unknown)}, qui n'est pas disponible ; disponibles : \(allowed.sorted().map { "{\($0)}" }.joined(separator: ", ")).")
            }
            overrides[outcome] = FrenchTypography.apply(template)
        }
        let (id, title, hint, templates) = (spec.id, spec.title, spec.hint, overrides)
        return CompiledCheck(
            id: id, title: title, requirements: kind.requirements,
            execCommand: { context in kind.execCommand(context) },
            judge: { context in
                let verdict = kind.evaluate(context)
                switch verdict.state {
                case .error(let error):
                    return CheckResult(id: id, title: title, status: .error, message: error.message)
                case .judged(let outcome):
                    let template = templates[outcome] ?? K.message(for: outcome).template
                    var filled = values
                    filled["namespace"] = context.namespace
                    filled.merge(verdict.values) { $1 }
                    return CheckResult(id: id, title: title, status: outcome == .passed ? .passed : .failed,
                                       message: MessageTemplate.render(template, values: filled), hint: hint)
                }
            })
    }
}
