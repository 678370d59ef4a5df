import AtelierCluster
import AtelierContent

/// A params entry that does not fit its kind; becomes a `CheckSpecError` naming the step.
struct ParameterProblem: Error, Sendable, Hashable {
    var code: CheckSpecError.Code
    var message: String
}
