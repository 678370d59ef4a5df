import AtelierCluster
import AtelierContent

/// A check's verdict before its message is rendered: the outcome key selects the template
/// (default or overridden in checks.json), the values fill it.
struct Evaluation: Sendable {
    var status: CheckStatus
    var outcome: String
    var values: [String: String]
    /// Set when the cluster could not be asked; its message replaces the template.
    var error: KubectlError?

    static func passed(_ values: [String: String] = [:]) -> Evaluation {
        Evaluation(status: .passed, outcome: "passed", values: values, error: nil)
    }

    static func failed(_ outcome: String, _ values: [String: String] = [:]) -> Evaluation {
        Evaluation(status: .failed, outcome: outcome, values: values, error: nil)
    }

    static func error(_ error: KubectlError) -> Evaluation {
        Evaluation(status: .error, outcome: "error", values: [:], error: error)
    }
}
