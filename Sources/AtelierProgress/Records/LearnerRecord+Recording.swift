import AtelierContent
import Foundation

/// The recording rules, as pure mutations shared by every store backend.
/// Each returns whether anything changed, so that a no-op costs no disk write.
extension LearnerRecord {
    mutating func applyStart(lesson: String, at: ISOTimestamp) -> Bool {
        var entry = lessons[lesson] ?? LessonRecord()
        guard entry.startedAt == nil else { return false }
        entry.startedAt = at
        lessons[lesson] = entry
        return true
    }

    mutating func applyView(lesson: String, step: String, at: ISOTimestamp) -> Bool {
        var entry = lessons[lesson] ?? LessonRecord()
        var stepEntry = entry.steps[step] ?? StepRecord()
        guard stepEntry.firstViewedAt == nil else { return false }
        stepEntry.firstViewedAt = at
        entry.steps[step] = stepEntry
        lessons[lesson] = entry
        return true
    }

    mutating func applyCheckRun(_ run: CheckRun, outline: LessonOutline) -> Bool {
        let at = run.at
        var entry = lessons[run.lesson] ?? LessonRecord()
        var stepEntry = entry.steps[run.step] ?? StepRecord()

        stepEntry.attempts += 1
        stepEntry.lastRun = CheckRunView(latest: run)
        if run.passed {
            stepEntry.failedInARow = 0
            if stepEntry.passedAt == nil {
                stepEntry.passedAt = at
                if let viewed = stepEntry.firstViewedAt {
                    stepEntry.timeSpentSeconds = at.seconds(since: viewed)
                }
            }
        } else {
            stepEntry.failedInARow += 1
            let failure = FailureRecord(step: run.step, message: Self.failureMessage(of: run.checks), at: at)
            stepEntry.lastFailure = failure
            entry.lastFailure = failure
        }
        entry.steps[run.step] = stepEntry

        if entry.completedAt == nil {
            let checkable = outline.steps.filter(\.checkable)
            let allPassed = !checkable.isEmpty && checkable.allSatisfy { entry.steps[$0.id]?.passedAt != nil }
            if allPassed { entry.completedAt = at }
        }
        lessons[run.lesson] = entry
        history.append(run)
        pruneHistory(of: StepKey(lesson: run.lesson, step: run.step))
        return true
    }

    /// Keeps the last `historyRunsPerStep` runs of one step, and its latest failure if older (it is
    /// the step's `lastFailure`); the runs dropped are counted on the step.
    mutating func pruneHistory(of key: StepKey) {
        var indices: [Int] = []
        for (index, run) in history.enumerated() where run.lesson == key.lesson && run.step == key.step {
            indices.append(index)
        }
        guard indices.count > Self.historyRunsPerStep else { return }
        let recent = indices.suffix(Self.historyRunsPerStep)
        var keep = Set(recent)
        if !recent.contains(where: { !history[$0].passed }),
           let latestFailure = indices.last(where: { !history[$0].passed }) {
            keep.insert(latestFailure)
        }
        let dropped = indices.filter { !keep.contains($0) }
        guard !dropped.isEmpty else { return }
        let droppedFailures = dropped.filter { !history[$0].passed }.count
        if var lesson = lessons[key.lesson], var step = lesson.steps[key.step] {
            step.earlierRuns += dropped.count
            step.earlierFailures += droppedFailures
            lesson.steps[key.step] = step
            lessons[key.lesson] = lesson
        }
        let droppedSet = Set(dropped)
        history = history.enumerated().filter { !droppedSet.contains($0.offset) }.map(\.element)
    }

    /// `lastRun` and both `lastFailure`s from the history, the one place a run is stored.
    mutating func rebuildLatestRuns() {
        for run in history {
            guard var lesson = lessons[run.lesson], var step = lesson.steps[run.step] else { continue }
            step.lastRun = CheckRunView(latest: run)
            if !run.passed {
                let failure = FailureRecord(step: run.step, message: Self.failureMessage(of: run.checks), at: run.at)
                step.lastFailure = failure
                lesson.lastFailure = failure
            }
            lesson.steps[run.step] = step
            lessons[run.lesson] = lesson
        }
    }

    /// What a trainer needs to read first: the first check that failed on its own (a skipped one
    /// only says which check it waits for), else the first that did not pass.
    static func failureMessage(of checks: [CheckResult]) -> String {
        guard let check = checks.first(where: { $0.status == .failed }) ?? checks.first(where: { $0.status != .passed }) else {
            return "La vérification a échoué."
        }
        let message = check.message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.isEmpty { return check.title }
        return message
    }
}
