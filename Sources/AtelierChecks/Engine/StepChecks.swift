import AtelierCluster
import AtelierContent

/// The checks of one step, compiled once at start-up; what `CheckEngine.run` executes.
public struct StepChecks: Sendable {
    public let step: String
    let checks: [CompiledCheck]
    /// For each check (same order), the indexes of the earlier checks it requires.
    let prerequisites: [[Int]]

    public var isEmpty: Bool { checks.isEmpty }
    public var count: Int { checks.count }

    /// Compiles every check of `step`, refusing the first that cannot work and duplicate ids.
    public init(_ specs: [CheckSpec], step: String) throws(CheckSpecError) {
        var seen: [String: Int] = [:]
        var checks: [CompiledCheck] = []
        var prerequisites: [[Int]] = []
        for spec in specs {
            checks.append(try spec.compile(step: step))
            var required: [Int] = []
            for id in spec.requires {
                guard let index = seen[id] else {
                    throw CheckSpecError(.invalidRequires, step: step, check: spec.id,
                        message: "« requires » nomme « \(id) », qui n'est pas une vérification précédente de l'étape (une vérification ne peut dépendre que de celles qui la précèdent).")
                }
                required.append(index)
            }
            prerequisites.append(required)
            guard seen[spec.id] == nil else {
                throw CheckSpecError(.duplicateId, step: step, check: spec.id, message: "l'identifiant « \(spec.id) » est utilisé deux fois dans l'étape.")
            }
            seen[spec.id] = checks.count - 1
        }
        self.step = step
        self.checks = checks
        self.prerequisites = prerequisites
    }
}
