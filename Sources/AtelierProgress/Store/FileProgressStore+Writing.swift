import Foundation
import Logging

/// The per-learner writer: changes are queued, and one writer per learner drains the queue, applying
/// every queued change to a copy, writing the result once, and only then publishing it and waking
/// the callers. A failed write wakes them all with the error and leaves memory untouched.
extension FileProgressStore {
    func mutate(_ learnerId: String, _ apply: @escaping @Sendable (inout LearnerRecord) -> Bool) async throws(ProgressStoreError) -> LearnerRecord {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<LearnerRecord, ProgressStoreError>, Never>) in
            let startWriter = state.withLock { state -> Bool? in
                guard !state.closed else { return nil }
                state.pending[learnerId, default: []].append(PendingMutation(apply: apply, continuation: continuation))
                return state.writing.insert(learnerId).inserted
            }
            guard let startWriter else {
                continuation.resume(returning: .failure(ProgressStoreError(.closed)))
                return
            }
            if startWriter {
                nextLane().async { self.drain(learnerId) }
            }
        }
        return try result.get()
    }

    /// Runs on a lane; exactly one instance per learner at a time (guarded by `writing`).
    private func drain(_ learnerId: String) {
        while true {
            let (batch, stored, waiters) = state.withLock { state in
                let batch = state.pending.removeValue(forKey: learnerId) ?? []
                var waiters: [CheckedContinuation<Void, Never>] = []
                if batch.isEmpty {
                    state.writing.remove(learnerId)
                    waiters = state.takeCloseWaitersIfIdle()
                }
                return (batch, state.learners[learnerId], waiters)
            }
            if batch.isEmpty {
                for waiter in waiters { waiter.resume() }
                return
            }
            guard let stored else {
                for mutation in batch {
                    mutation.continuation.resume(returning: .failure(ProgressStoreError(.learnerNotFound)))
                }
                continue
            }

            var record = stored.record
            var results: [LearnerRecord] = []
            results.reserveCapacity(batch.count)
            var changed = false
            // Views the disk refused earlier ride along with this write.
            let deferred = state.withLock { $0.deferredViews.removeValue(forKey: learnerId) } ?? []
            for view in deferred where record.applyView(lesson: view.lesson, step: view.step, at: view.at) {
                changed = true
            }
            for mutation in batch {
                if mutation.apply(&record) { changed = true }
                results.append(record)
            }

            // Erased while this batch was applied (`eraseLearner` runs as one of its changes): nothing
            // may write the learner's file again.
            if state.withLock({ $0.learners[learnerId] == nil }) {
                for mutation in batch {
                    mutation.continuation.resume(returning: .failure(ProgressStoreError(.learnerNotFound)))
                }
                continue
            }
            if changed {
                let fileName = learnerId + ".json"
                inspectBeforeOverwrite(fileName, expected: stored.signature)
                switch Self.write(record, to: fileName, in: files) {
                case .success(let signature):
                    let final = record
                    state.withLock { state in
                        state.learners[learnerId] = StoredLearner(record: final, signature: signature)
                        state.reindex(from: stored.record, to: final)
                    }
                    if !deferred.isEmpty {
                        logger.notice("first views written now that the disk accepts writes again", metadata: [
                            "learner": "\(learnerId)", "views": "\(deferred.count)",
                        ])
                    }
                case .failure(let error):
                    if !deferred.isEmpty {
                        state.withLock { state in
                            let later = state.deferredViews[learnerId] ?? []
                            state.deferredViews[learnerId] = deferred + later.filter { !deferred.contains($0) }
                        }
                    }
                    logger.error("could not write progress file", metadata: [
                        "learner": "\(learnerId)", "error": "\(error)", "changes": "\(batch.count)",
                    ])
                    for mutation in batch {
                        mutation.continuation.resume(returning: .failure(error))
                    }
                    continue
                }
            }
            for (mutation, result) in zip(batch, results) {
                mutation.continuation.resume(returning: .success(result))
            }
        }
    }

    /// The file should be exactly what this store last wrote. If not, someone else changed it: an
    /// unreadable file is moved aside and reported (never silently replaced); a readable one is
    /// logged and then replaced by the server's state, which is authoritative.
    private func inspectBeforeOverwrite(_ fileName: String, expected: FileSignature?) {
        let current: FileSignature?
        do {
            current = try files.signature(of: fileName)
        } catch {
            logger.warning("could not stat progress file", metadata: ["file": "\(fileName)", "error": "\(error)"])
            return
        }
        guard current != expected else { return }
        guard current != nil else {
            logger.warning("progress file disappeared; writing it again", metadata: ["file": "\(fileName)"])
            return
        }
        let failure: LoadFailure
        do {
            let (data, _) = try files.read(fileName, maximumBytes: RecordCoding.maximumFileBytes)
            switch RecordCoding.decode(data, fileName: fileName, using: JSONDecoder()) {
            case .success:
                logger.warning("progress file modified outside the server; replacing it with the server's state",
                               metadata: ["file": "\(fileName)"])
                return
            case .failure(let reason):
                failure = reason
            }
        } catch {
            failure = LoadFailure(reason: "unreadable: \(error)")
        }
        let report = Self.quarantine(fileName, reason: failure.reason, files: files, logger: logger,
                                     at: ISOTimestamp(clock.now()))
        state.withLock { $0.corruptFiles.append(report) }
    }
}
