/// The derived facts of one learner in one lesson (statuses, current step, stuck), computed once and
/// shared by the learner's own view, the trainer views and the CSV so they can never disagree.
struct LessonAnalysis {
    let standing: LessonStanding
    let timing: LessonTiming

    var lesson: LessonRecord? { standing.lesson }
    var statuses: [String: StepStatus] { standing.statuses }
    /// The first checkable step not passed, once the learner engaged with the lesson (Start, a view or
    /// a check); nil before that and after completion. Steps without checks cannot be passed, so they
    /// are never "where the learner is".
    var currentStep: OutlineStep? { standing.currentStep }
    var timeOnStepSeconds: Int? { timing.timeOnStepSeconds }
    var stuck: Bool { timing.stuck }
    var stuckReason: String? { timing.stuckReason }
    /// The step the learner is stuck on, for the class totals.
    var stuckStepId: String? { timing.stuckStepId }

    init(lesson: LessonRecord?, outline: LessonOutline, thresholds: StuckThresholds, now: ISOTimestamp) {
        standing = LessonStanding(lesson: lesson, outline: outline, thresholds: thresholds)
        timing = standing.timing(now: now, thresholds: thresholds)
    }

    /// Statuses and current step only: what needs no clock (the CSV, `/api/me`).
    static func progression(lesson: LessonRecord?, outline: LessonOutline)
        -> (statuses: [String: StepStatus], current: OutlineStep?, currentIndex: Int?)
    {
        var current: OutlineStep?
        var currentIndex: Int?
        if let lesson, lesson.completedAt == nil {
            let engaged = lesson.startedAt != nil
                || lesson.steps.values.contains { $0.firstViewedAt != nil || $0.attempts > 0 }
            if engaged, let index = outline.steps.firstIndex(where: { $0.checkable && lesson.steps[$0.id]?.passedAt == nil }) {
                current = outline.steps[index]
                currentIndex = index
            }
        }
        var statuses: [String: StepStatus] = [:]
        for step in outline.steps {
            let record = lesson?.steps[step.id]
            if record?.passedAt != nil {
                statuses[step.id] = .passed
            } else if record?.firstViewedAt != nil || (record?.attempts ?? 0) > 0 || step.id == current?.id {
                statuses[step.id] = .inProgress
            } else {
                statuses[step.id] = .notStarted
            }
        }
        return (statuses, current, currentIndex)
    }
}
