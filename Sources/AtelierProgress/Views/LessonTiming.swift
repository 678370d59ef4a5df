/// The time-dependent part of a learner's analysis, computed at each request from `LessonStanding`.
struct LessonTiming: Sendable {
    let timeOnStepSeconds: Int?
    /// In French, for the trainer; nil when not stuck.
    let stuckReason: String?
    /// The step the learner is stuck on, for the class totals.
    let stuckStepId: String?

    var stuck: Bool { stuckReason != nil }
}
