extension LearnerRecord {
    /// The last time the learner did anything Atelier recorded (registration, a start, a first view,
    /// a pass, a check run): what `retentionDays` counts from.
    public var lastActivity: ISOTimestamp {
        var latest = createdAt
        for lesson in lessons.values {
            for time in [lesson.startedAt, lesson.completedAt].compactMap({ $0 }) where time > latest { latest = time }
            for step in lesson.steps.values {
                for time in [step.firstViewedAt, step.passedAt, step.lastRun?.at].compactMap({ $0 }) where time > latest { latest = time }
            }
        }
        for run in history where run.at > latest { latest = run.at }
        return latest
    }
}
