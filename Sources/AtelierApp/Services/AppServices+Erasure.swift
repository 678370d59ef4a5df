import AtelierProgress
import Foundation

/// Erasing a learner (RGPD art. 17) and the retention rule: one order of operations, crash-safe.
///
/// 1. the store commits (`<id>.json` renamed to a tombstone, directory synced): from here the learner
///    is gone for every route and their token is refused; before it, nothing changed;
/// 2. the observer forgets them (no watch writes their timeline again), the timeline and the uploaded
///    kubeconfig are removed;
/// 3. the tombstone is removed.
/// A kill -9 anywhere after 1 is finished at the next start-up from the tombstones left
/// (`finishPendingErasures`), so the result is the learner in full or nothing.
extension AppServices {
    /// The steps of an erasure, named for the kill test hook.
    enum ErasureStep: String {
        case beforeCommit = "before-commit"
        case afterCommit = "after-commit"
        case afterTimeline = "after-timeline"
        case afterKubeconfig = "after-kubeconfig"
    }

    /// Erases `id`; false when there is no such learner.
    @discardableResult
    func erase(learnerID id: String, reason: String) async throws -> Bool {
        reached(.beforeCommit)
        let committed: Result<Void, ProgressStoreError>
        do throws(ProgressStoreError) {
            try await store.eraseLearner(id: id)
            committed = .success(())
        } catch {
            committed = .failure(error)
        }
        if case .failure(let error) = committed {
            if error.code == .learnerNotFound { return false }
            throw error
        }
        reached(.afterCommit)
        try await removeLearnerFiles(id)
        logger.notice("données d'un apprenant effacées", metadata: ["learner": "\(id)", "reason": "\(reason)"])
        return true
    }

    /// Finishes the erasures a crash interrupted (tombstones found at start-up).
    func finishPendingErasures() async {
        for id in await store.pendingErasures() {
            do {
                try await removeLearnerFiles(id)
                logger.notice("effacement interrompu terminé au démarrage", metadata: ["learner": "\(id)"])
            } catch {
                logger.error("effacement interrompu non terminé", metadata: ["learner": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// Steps 2 and 3 for a committed erasure.
    private func removeLearnerFiles(_ id: String) async throws {
        await observer?.forget(key: id)
        try timelineFiles?.remove(learnerId: id)
        reached(.afterTimeline)
        try kubeconfigFiles?.remove(learnerId: id)
        reached(.afterKubeconfig)
        try await store.finishErasure(id: id)
    }

    /// The kill test hook: SIGKILL at the configured step (never set in production).
    private func reached(_ step: ErasureStep) {
        guard erasureKillPoint == step.rawValue else { return }
        kill(getpid(), SIGKILL)
    }

    // MARK: - Retention

    /// Erases every learner whose last activity is older than `retentionDays`, with a log line.
    /// Runs at start-up and then daily (`Application.start`).
    func purgeInactiveLearners() async {
        guard let days = config.retentionDays else { return }
        let limit = ISOTimestamp(now().addingTimeInterval(-Double(days) * 86_400))
        let snapshot = await store.snapshot()
        var erased = 0
        for learner in snapshot.learners where learner.lastActivity < limit {
            do {
                if try await erase(learnerID: learner.id, reason: "retention") { erased += 1 }
            } catch {
                logger.error("durée de conservation : effacement impossible", metadata: ["learner": "\(learner.id)", "error": "\(error)"])
            }
        }
        logger.notice("durée de conservation appliquée", metadata: [
            "retentionDays": "\(days)", "erased": "\(erased)", "kept": "\(snapshot.learners.count - erased)",
        ])
    }
}
