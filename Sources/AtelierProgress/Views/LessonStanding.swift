import AtelierContent
/// The clock-free part of `LessonAnalysis`: statuses, current step, when the learner arrived on it and
/// the failed-in-a-row verdict. It changes only when the learner's record does, so the class view
/// keeps it per learner revision and adds the time-dependent part (`LessonTiming`) on each request.
struct LessonStanding: Sendable {
    let lesson: LessonRecord?
    let statuses: [String: StepStatus]
    let currentStep: OutlineStep?
    /// Arrival on the current step: the latest of its first view, the lesson start and the passes of
    /// earlier steps. Nil without a current step.
    let arrival: ISOTimestamp?
    /// Started and not completed: only then can a learner look stuck.
    let judged: Bool
    /// « 3 vérifications échouées d'affilée à l'étape … », with the step it names.
    let failureReason: String?
    let failureStepId: String?

    init(lesson: LessonRecord?, outline: LessonOutline, thresholds: StuckThresholds) {
        self.lesson = lesson
        let (statuses, current, currentIndex) = LessonAnalysis.progression(lesson: lesson, outline: outline)
        self.statuses = statuses
        self.currentStep = current

        var arrival: ISOTimestamp?
        if let current, let currentIndex, let lesson {
            var anchors: [ISOTimestamp] = []
            if let viewed = lesson.steps[current.id]?.firstViewedAt { anchors.append(viewed) }
            if let started = lesson.startedAt { anchors.append(started) }
            for earlier in outline.steps[..<currentIndex] {
                if let passed = lesson.steps[earlier.id]?.passedAt { anchors.append(passed) }
            }
            arrival = anchors.max()
        }
        self.arrival = arrival

        var failureReason: String?
        var failureStepId: String?
        let judged = lesson != nil && lesson?.completedAt == nil
        if judged, let lesson {
            func failing(_ step: OutlineStep) -> Int? {
                guard let record = lesson.steps[step.id], record.passedAt == nil,
                      record.failedInARow >= thresholds.failedAttemptsInARow else { return nil }
                return record.failedInARow
            }
            let candidate = current.flatMap { step in failing(step).map { (step, $0) } }
                ?? outline.steps.lazy.compactMap { step in failing(step).map { (step, $0) } }.first
            if let (step, count) = candidate {
                let checks = count == 1 ? "1 vérification échouée" : "\(count) vérifications échouées"
                failureReason = "\(checks) d'affilée à l'étape \(FrenchText.quoted(step.title))."
                failureStepId = step.id
            }
        }
        self.judged = judged
        self.failureReason = failureReason
        self.failureStepId = failureStepId
    }

    /// Adds the clock: time on the current step and the stuck-by-time verdict.
    func timing(now: ISOTimestamp, thresholds: StuckThresholds) -> LessonTiming {
        let timeOnStep = arrival.map { now.seconds(since: $0) }
        var reasons: [String] = []
        var stuckStep: String?
        if judged {
            if let failureReason {
                reasons.append(failureReason)
                stuckStep = failureStepId
            }
            if let current = currentStep, let timeOnStep, timeOnStep >= thresholds.minutesOnStep * 60 {
                reasons.append("Sur l'étape \(FrenchText.quoted(current.title)) depuis "
                    + "\(FrenchText.duration(seconds: timeOnStep)) sans l'avoir validée.")
                stuckStep = stuckStep ?? current.id
            }
        }
        return LessonTiming(timeOnStepSeconds: timeOnStep, stuckReason: reasons.isEmpty ? nil : reasons.joined(separator: " "),
                            stuckStepId: stuckStep)
    }
}
