import AtelierChecks
import AtelierCluster
import AtelierLessons

extension AppServices {
    /// The observer's revision of the learner while their target is watched, else nil: what lets
    /// the live page and « Vérifier » share a snapshot taken since the last change.
    func revision(of learnerID: String) async -> Int? {
        guard let observer, await observer.isWatching(key: learnerID) else { return nil }
        return await observer.revision(key: learnerID)
    }

    /// The learner's revision now and after each change, when the observer runs (nil otherwise).
    func changes(of learnerID: String) async -> AsyncStream<Int>? {
        guard let observer else { return nil }
        return await observer.changes(key: learnerID)
    }

    /// One live refresh of a learner's step: the panel and the checklist from one snapshot.
    func liveState(learnerID: String, lesson: Lesson, step: LessonStep, checks: StepChecks, revision: Int?) async -> LiveState {
        liveStreams.refreshed()
        let target: ClusterTarget
        do { target = try self.target(for: learnerID) } catch {
            return LiveState(view: nil, checks: LiveChecks(step: step.id, checks: []))
        }
        return await engine.live(checks: checks, statefulSet: lesson.observedStatefulSet, target: target,
                                 timeline: await timeline(of: learnerID), revision: revision)
    }
}
