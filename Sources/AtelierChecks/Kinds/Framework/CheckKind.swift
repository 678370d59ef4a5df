import AtelierCluster
import AtelierContent

/// One kind of check checks.json may use, in one file: its parameters (parsed and validated once
/// at start-up, then kept), its outcomes, a French message for each outcome, what it needs
/// fetched and how it judges.
///
/// Adding a kind is one new file in `Kinds/` plus one line in `CheckRegistry.kinds`.
protocol CheckKind: Sendable {
    /// The outcomes of this kind; `passed` is the only one that passes.
    associatedtype Outcome: CheckOutcome

    /// What authors write in `"kind"`.
    static var name: String { get }

    /// Reads the parameters; `ParameterReader.finish()` then refuses any it did not ask for.
    init(_ parameters: inout ParameterReader) throws(ParameterProblem)

    /// What must be fetched to judge this check (merged over the step, fetched once).
    var requirements: CheckRequirements { get }

    /// Parameter values every message of this check may quote, whatever the outcome.
    var values: [String: String] { get }

    /// The default French message of each outcome and the values the outcome adds.
    static func message(for outcome: Outcome) -> OutcomeMessage

    /// The verdict from what the run fetched; pure, no I/O.
    func evaluate(_ context: CheckContext) -> Verdict<Outcome>

    /// For kinds that run a command in a pod: the command, once the snapshot allows it.
    func execCommand(_ context: CheckContext) -> ExecCommand?
}

extension CheckKind {
    func execCommand(_ context: CheckContext) -> ExecCommand? { nil }
}

/// The outcome keys of a kind, as checks.json `messages` overrides name them.
protocol CheckOutcome: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    static var passed: Self { get }
}

/// Outcomes of kinds that look into a StatefulSet's container.
protocol ContainerOutcome: CheckOutcome {
    static var missing: Self { get }
    static var containerMissing: Self { get }
}

/// A default message template and the placeholders its outcome provides beyond the kind's
/// `values` and `{namespace}` (which a checks.json override may quote too).
struct OutcomeMessage: Sendable {
    let template: String
    let provides: Set<String>

    init(_ template: String, provides: Set<String> = []) {
        self.template = template
        self.provides = provides
    }
}
