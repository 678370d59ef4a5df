import AtelierCluster
import AtelierContent

extension CheckSpec {
    /// The compiled check, or a `CheckSpecError` naming the step and the check: id, title,
    /// kind, parameters and message overrides.
    func compile(step: String) throws(CheckSpecError) -> CompiledCheck {
        guard DNSNames.isLabel(id) else {
            throw CheckSpecError(.invalidId, step: step, check: id,
                message: "l'identifiant doit être fait de a–z, 0–9 et « - » (au plus 63 caractères).")
        }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CheckSpecError(.emptyTitle, step: step, check: id, message: "le titre est vide.")
        }
        guard let kind = CheckRegistry.kind(named: self.kind) else {
            throw CheckSpecError(.unknownKind, step: step, check: id,
                message: "type de vérification « \(self.kind) » inconnu ; types reconnus : \(CheckRegistry.kinds.map { $0.name }.joined(separator: ", ")).")
        }
        return try CompiledCheck.compile(kind, self, step: step)
    }
}
