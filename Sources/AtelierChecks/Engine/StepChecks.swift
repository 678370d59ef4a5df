import AtelierCluster
import AtelierContent

/// The checks of one step, compiled once at start-up; what `CheckEngine.run` executes.
public struct StepChecks: Sendable {
    public let step: String
    let checks: [CompiledCheck]

    public var isEmpty: Bool { checks.isEmpty }
    public var count: Int { checks.count }

    /// Compiles every check of `step`, refusing the first that cannot work and duplicate ids.
    public init(_ specs: [CheckSpec], step: String) throws(CheckSpecError) {
        var seen: Set<String> = []
        var checks: [CompiledCheck] = []
        for spec in specs {
            checks.append(try spec.compile(step: step))
            guard seen.insert(spec.id).inserted else {
                throw CheckSpecError(.duplicateId, step: step, check: spec.id, message: "l'identifiant « \(spec.id) » est utilisé deux fois dans l'étape.")
            }
        }
        self.step = step
        self.checks = checks
    }
}
