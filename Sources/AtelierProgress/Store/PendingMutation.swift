/// A change waiting for its learner's writer, and the caller to wake once it is on disk.
struct PendingMutation: Sendable {
    /// Applies the change; returns false when it changes nothing (e.g. a second view of a step).
    let apply: @Sendable (inout LearnerRecord) -> Bool
    let continuation: CheckedContinuation<Result<LearnerRecord, ProgressStoreError>, Never>
}
