import Foundation

/// Where learners and their progress live. Handlers depend on this protocol only, so that another
/// backend (PostgreSQL) can replace `FileProgressStore` without touching them.
///
/// Contract for every implementation: a method that records something returns only once it is
/// durable, and a failed write leaves both the stored and the in-memory state as they were.
public protocol ProgressStore: Sendable {
    /// Creates a learner with a fresh id, token and resume code, in the class `classId` (nil: none).
    /// The token and the code are returned here and never again; `nameTaken` says whether another
    /// learner of that class already has the name (never a refusal).
    func createLearner(name: LearnerName, classId: String?) async throws(ProgressStoreError) -> CreatedLearner

    /// The learner of a typed resume code with a fresh token (the previous one stops working), or
    /// `resumeCodeUnknown`.
    func resume(code: String) async throws(ProgressStoreError) -> CreatedLearner

    /// A new resume code for the learner; the previous one stops working.
    func reissueResumeCode(learnerId: String) async throws(ProgressStoreError) -> String

    /// Every class, oldest first.
    func classes() async -> [ClassRecord]

    func createClass(name: LearnerName) async throws(ProgressStoreError) -> ClassRecord

    /// Archives the class (idempotent): its code takes no new learner.
    func archiveClass(id: String) async throws(ProgressStoreError) -> ClassRecord

    /// The class of a typed code; `classCodeUnknown` or `classArchived` otherwise.
    func joinableClass(code: String) async throws(ProgressStoreError) -> ClassRecord

    /// The learner whose token this is, or nil (malformed, unknown). Never throws: every refusal is a 401.
    func authenticate(token: String) async -> LearnerRecord?

    func learner(id: String) async -> LearnerRecord?

    /// Records the « Commencer » click; the first one is kept.
    func recordStart(learnerId: String, lesson: String, at: Date) async throws(ProgressStoreError) -> LearnerRecord

    /// Records that a step page was served; only the first view is kept.
    func recordView(learnerId: String, lesson: String, step: String, at: Date) async throws(ProgressStoreError) -> LearnerRecord

    /// Appends a check run to the history and updates the step and lesson (attempts, pass, completion).
    /// `outline` must be the lesson of `run.lesson`; it decides completion.
    func recordCheckRun(learnerId: String, run: CheckRun, outline: LessonOutline) async throws(ProgressStoreError) -> LearnerRecord

    /// Erases a learner (crash-safe commit: after it, the learner is gone for every reader and their
    /// token no longer works); `learnerNotFound` when unknown. The caller then removes the learner's
    /// other files and calls `finishErasure`.
    func eraseLearner(id: String) async throws(ProgressStoreError)

    /// Erasures committed but not finished (a crash came in between): redo them at start-up.
    func pendingErasures() async -> [String]

    /// Marks an erasure complete once the learner's other files are gone.
    func finishErasure(id: String) async throws(ProgressStoreError)

    /// Every learner and every corrupt-file report, for trainer views.
    func snapshot() async -> ProgressSnapshot

    func corruptFiles() async -> [CorruptFileReport]

    /// Waits for the writes already accepted, then refuses new ones (`closed`) and releases the
    /// storage, so that a new store can open it. Reads keep answering from memory. Idempotent.
    func close() async
}

extension ProgressStore {
    /// A learner in no class.
    public func createLearner(name: LearnerName) async throws(ProgressStoreError) -> CreatedLearner {
        try await createLearner(name: name, classId: nil)
    }
}
