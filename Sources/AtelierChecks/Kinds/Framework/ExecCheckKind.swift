import AtelierCluster
import AtelierContent

/// A kind that looks inside a pod with `kubectl exec`, in two phases: `prepare` (the command, or
/// a verdict the snapshot already gives, which spares a doomed spawn), then `judge` its output.
/// The engine runs the commands of a step in parallel between the two.
protocol ExecCheckKind: CheckKind {
    func prepare(_ context: CheckContext) -> ExecPreparation<Outcome>
    func judge(_ output: ExecResult, context: CheckContext) -> Verdict<Outcome>
    /// `kubectl exec` failed: a verdict about the pod, or an error.
    func judgeFailure(_ error: KubectlError) -> Verdict<Outcome>
}

extension ExecCheckKind {
    func execCommand(_ context: CheckContext) -> ExecCommand? {
        if case .run(let command) = prepare(context) { return command }
        return nil
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        switch prepare(context) {
        case .decided(let verdict):
            return verdict
        case .run(let command):
            switch context.execResults[command] {
            case .none: return .error(CheckContext.internalError)
            case .failure(let error): return judgeFailure(error)
            case .success(let output): return judge(output, context: context)
            }
        }
    }
}

/// Before a `kubectl exec`: either the command to run, or a verdict already known from the
/// snapshot (pod missing, container not running).
enum ExecPreparation<Outcome: CheckOutcome>: Sendable {
    case run(ExecCommand)
    case decided(Verdict<Outcome>)
}
