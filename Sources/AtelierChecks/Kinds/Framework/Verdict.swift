import AtelierCluster
import AtelierContent

/// A check's verdict before its message is rendered: a typed outcome selects the template
/// (default or overridden in checks.json), the values fill it.
struct Verdict<Outcome: CheckOutcome>: Sendable {
    enum State: Sendable {
        case judged(Outcome)
        /// The cluster could not be asked; the error's message replaces the template.
        case error(KubectlError)
    }

    var state: State
    var values: [String: String]

    static func passed(_ values: [String: String] = [:]) -> Verdict {
        Verdict(state: .judged(.passed), values: values)
    }

    static func failed(_ outcome: Outcome, _ values: [String: String] = [:]) -> Verdict {
        Verdict(state: .judged(outcome), values: values)
    }

    static func error(_ error: KubectlError) -> Verdict {
        Verdict(state: .error(error), values: [:])
    }
}
