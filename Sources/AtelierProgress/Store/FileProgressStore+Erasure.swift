import Foundation

/// Erasing a learner (RGPD art. 17), crash-safe: the learner is there in full or not at all.
///
/// The commit point is one rename in the data directory, `<id>.json` → `<id>.erasing` (a
/// tombstone), followed by an `fsync` of the directory. Before it nothing changed; after it the
/// learner is gone for every reader (the index forgets them at once, the start-up loader never
/// loads a tombstone) and what is left to do — the learner's other files (timeline, uploaded
/// kubeconfig, removed by the App) and the tombstone itself — is redone at start-up from the
/// tombstones found (`pendingErasures`), whatever point a kill -9 interrupted.
extension FileProgressStore {
    static let erasureSuffix = ".erasing"

    /// The learner id of a tombstone file name, or nil.
    static func erasedLearnerId(fileName: String) -> String? {
        guard fileName.hasSuffix(erasureSuffix) else { return nil }
        let id = String(fileName.dropLast(erasureSuffix.count))
        return LearnerID.isValid(id) ? id : nil
    }

    /// Commits the erasure of `id`: tombstone renamed and synced, learner out of the index (their
    /// token stops working). Runs on the learner's writer, so no write of theirs is in flight and
    /// none can follow. `learnerNotFound` when there is no such learner.
    public func eraseLearner(id: String) async throws(ProgressStoreError) {
        guard LearnerID.isValid(id) else { throw ProgressStoreError(.learnerNotFound) }
        let files = self.files
        let state = self.state
        let committed = LockedState<Result<Void, ProgressStoreError>?>(nil)
        do throws(ProgressStoreError) {
            _ = try await mutate(id) { _ in
                do throws(FileIOError) {
                    try files.rename(id + ".json", to: id + Self.erasureSuffix)
                    try files.syncDirectory()
                    state.withLock { state in
                        if let record = state.learners.removeValue(forKey: id)?.record {
                            state.idByTokenHash.removeValue(forKey: record.tokenHash)
                            if let hash = record.resumeCodeHash, state.idByResumeHash[hash] == id {
                                state.idByResumeHash.removeValue(forKey: hash)
                            }
                        }
                        state.deferredViews.removeValue(forKey: id)
                    }
                    committed.withLock { $0 = .success(()) }
                } catch {
                    committed.withLock { $0 = .failure(ProgressStoreError(.storageFailure, underlying: error)) }
                }
                return false
            }
        } catch {
            // `learnerNotFound` once committed: the batch that carried the erasure was refused as a
            // whole (the learner is gone); anything else is a real failure.
            guard error.code == .learnerNotFound, committed.withLock({ $0 }) != nil else { throw error }
        }
        switch committed.withLock({ $0 }) {
        case .success?:
            logger.notice("learner erased", metadata: ["learner": "\(id)"])
        case .failure(let error)?:
            logger.error("could not erase learner", metadata: ["learner": "\(id)", "error": "\(error)"])
            throw error
        case nil:
            throw ProgressStoreError(.learnerNotFound)
        }
    }

    /// Learners whose erasure was committed but not finished (tombstones on disk).
    public func pendingErasures() -> [String] {
        ((try? files.entryNames()) ?? []).compactMap { Self.erasedLearnerId(fileName: $0) }.sorted()
    }

    /// Removes the tombstone once the learner's other files are gone: the erasure is complete.
    public func finishErasure(id: String) throws(ProgressStoreError) {
        guard LearnerID.isValid(id) else { throw ProgressStoreError(.learnerNotFound) }
        do throws(FileIOError) {
            if files.exists(id + Self.erasureSuffix) {
                try files.remove(id + Self.erasureSuffix)
                try files.syncDirectory()
            }
        } catch {
            throw ProgressStoreError(.storageFailure, underlying: error)
        }
    }
}
