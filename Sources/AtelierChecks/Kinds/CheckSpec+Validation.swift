import AtelierCluster
import AtelierContent
import Foundation

extension CheckSpec {
    /// Validates one check of `step`: id, title, kind, parameters and message overrides.
    public func validate(step: String) throws(CheckSpecError) {
        _ = try plan(step: step)
    }

    /// Validates the checks of one step, including that ids are unique within it.
    public static func validate(_ checks: [CheckSpec], step: String) throws(CheckSpecError) {
        var seen: Set<String> = []
        for check in checks {
            try check.validate(step: step)
            guard seen.insert(check.id).inserted else {
                throw CheckSpecError(.duplicateId, step: step, check: check.id, message: "l'identifiant « \(check.id) » est utilisé deux fois dans l'étape.")
            }
        }
    }

    /// Validates a whole checks.json (`{"step": [CheckSpec…]}`); with `steps`, also refuses
    /// entries for steps the lesson does not have (a renamed step would silently lose its checks).
    public static func validate(_ catalogue: [String: [CheckSpec]], steps: [String]? = nil) throws(CheckSpecError) {
        for step in catalogue.keys.sorted() {
            if let steps, !steps.contains(step) {
                throw CheckSpecError(.unknownStep, step: step, check: nil,
                    message: "cette étape n'existe pas dans la leçon (étapes : \(steps.joined(separator: ", "))).")
            }
            try validate(catalogue[step] ?? [], step: step)
        }
    }

    /// The typed plan, or a `CheckSpecError` naming the step and the check.
    func plan(step: String) throws(CheckSpecError) -> CheckPlan {
        guard DNSNames.isLabel(id) else {
            throw CheckSpecError(.invalidId, step: step, check: id,
                message: "l'identifiant doit être fait de a–z, 0–9 et « - » (au plus 63 caractères).")
        }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CheckSpecError(.emptyTitle, step: step, check: id, message: "le titre est vide.")
        }
        guard let kind = CheckKind(rawValue: kind) else {
            throw CheckSpecError(.unknownKind, step: step, check: id,
                message: "type de vérification « \(self.kind) » inconnu ; types reconnus : \(CheckKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let plan: CheckPlan
        do {
            plan = try CheckPlan.parse(kind: kind, params: params)
        } catch {
            throw CheckSpecError(error.code, step: step, check: id, message: error.message)
        }
        let templates = kind.templates
        for (outcome, template) in messages ?? [:] {
            guard let original = templates[outcome] else {
                throw CheckSpecError(.unknownMessage, step: step, check: id,
                    message: "message « \(outcome) » inconnu pour \(kind.rawValue) ; messages possibles : \(templates.keys.sorted().joined(separator: ", ")).")
            }
            let allowed = Set(MessageTemplate.placeholders(in: original)).union(kind.extraPlaceholders(outcome))
                .union(plan.baseValues.keys).union(["namespace"])
            if let unknown = MessageTemplate.placeholders(in: template).first(where: { !allowed.contains($0) }) {
                throw CheckSpecError(.unknownPlaceholder, step: step, check: id,
                    message: "le message « \(outcome) » utilise {\(unknown)}, qui n'est pas disponible ; disponibles : \(allowed.sorted().map { "{\($0)}" }.joined(separator: ", ")).")
            }
        }
        return plan
    }
}
