import Foundation
import Logging

/// Progress kept as one JSON file per learner (`<id>.json`) in a data directory, with an in-memory
/// index that answers every read.
///
/// Durability: a recording method returns only after the learner's file and the directory were
/// `fsync`ed; memory changes only after that. Writes of one learner are serialized (and batched when
/// they pile up, so 100 simultaneous checks cost a handful of `fsync`s, not 100); writes of different
/// learners run concurrently on a pool of serial GCD queues ("lanes"), so blocking I/O never occupies
/// Swift's cooperative pool. Serial queues, not one concurrent queue: on Linux a concurrent queue runs
/// only about as many blocks as there are cores, even when they all sit in `fsync`, whereas each serial
/// queue gets its own thread.
public final class FileProgressStore: ProgressStore {
    public let directory: URL
    let files: DataDirectory
    let logger: Logger
    let clock: ProgressClock
    let state: LockedState<StoreState>
    let lanes: [DispatchQueue]
    /// Bounds the threads blocked in `fsync` at once (and so how many learners write in parallel).
    static let laneCount = 32

    /// Opens (creating if needed) the data directory, removes temporary files left by a crash, moves
    /// unreadable files aside and loads everyone else. Fails only if the directory itself is unusable.
    public init(directory: URL, logger: Logger, clock: ProgressClock = .system) async throws(ProgressStoreError) {
        let lanes = (0..<Self.laneCount).map { DispatchQueue(label: "atelier.progress.lane\($0)", qos: .userInitiated) }
        let path = directory.path
        let loaded = await Self.onQueue(lanes[0]) {
            Self.load(directoryPath: path, logger: logger, clock: clock)
        }
        let (files, initial) = try loaded.get()
        self.directory = directory
        self.files = files
        self.logger = logger
        self.clock = clock
        self.state = LockedState(initial)
        self.lanes = lanes
    }

    // MARK: - ProgressStore

    public func createLearner(name: LearnerName, classId: String?) async throws(ProgressStoreError) -> CreatedLearner {
        let createdAt = ISOTimestamp(clock.now())
        let token = LearnerToken.generate()
        let tokenHash = LearnerToken.hash(token)
        let resumeCode = ResumeCode.generate()
        let resumeCodeHash = ResumeCode.hash(ofTyped: resumeCode)
        if let classId {
            guard state.withLock({ state in state.classes.classes.contains { $0.id == classId } }) else {
                throw ProgressStoreError(.classNotFound)
            }
        }
        let files = self.files
        // Ids collide with probability 2^-60; the loop also steps over leftover files that could not
        // be moved aside, which must never be overwritten.
        for _ in 0..<8 {
            let id = LearnerID.generate()
            enum Reservation { case closed, idInUse, reserved(nameTaken: Bool) }
            let reservation = state.withLock { state -> Reservation in
                guard !state.closed else { return .closed }
                guard state.learners[id] == nil, !state.reservedIds.contains(id) else { return .idInUse }
                state.reservedIds.insert(id)
                return .reserved(nameTaken: state.hasLearner(named: name, inClass: classId))
            }
            let nameTaken: Bool
            switch reservation {
            case .closed: throw ProgressStoreError(.closed)
            case .idInUse: continue
            case .reserved(let taken): nameTaken = taken
            }
            defer {
                let waiters = state.withLock { state in
                    state.reservedIds.remove(id)
                    return state.takeCloseWaitersIfIdle()
                }
                for waiter in waiters { waiter.resume() }
            }
            let record = LearnerRecord(id: id, name: name, createdAt: createdAt, tokenHash: tokenHash,
                                       resumeCodeHash: resumeCodeHash, classId: classId)
            let outcome = await Self.onQueue(nextLane()) { () -> Result<FileSignature?, ProgressStoreError> in
                let fileName = id + ".json"
                if files.exists(fileName) { return .success(nil) }
                return Self.write(record, to: fileName, in: files)
            }
            switch outcome {
            case .success(let signature?):
                state.withLock { state in
                    state.learners[id] = StoredLearner(record: record, signature: signature)
                    state.reindex(from: nil, to: record)
                }
                logger.info("learner created", metadata: ["learner": "\(id)", "class": "\(classId ?? "-")"])
                return CreatedLearner(learner: record, token: token, resumeCode: resumeCode, nameTaken: nameTaken)
            case .success(nil):
                continue
            case .failure(let error):
                logger.error("could not create learner file", metadata: ["learner": "\(id)", "error": "\(error)"])
                throw error
            }
        }
        logger.error("could not find a free learner id")
        throw ProgressStoreError(.storageFailure)
    }

    public func authenticate(token: String) async -> LearnerRecord? {
        guard LearnerToken.isWellFormed(token) else { return nil }
        let hash = LearnerToken.hash(token)
        return state.withLock { state in
            state.idByTokenHash[hash].flatMap { state.learners[$0]?.record }
        }
    }

    public func learner(id: String) async -> LearnerRecord? {
        guard LearnerID.isValid(id) else { return nil }
        return state.withLock { $0.learners[id]?.record }
    }

    public func recordStart(learnerId: String, lesson: String, at: Date) async throws(ProgressStoreError) -> LearnerRecord {
        guard LearnerID.isValid(learnerId) else { throw ProgressStoreError(.learnerNotFound) }
        guard ProgressIdentifier.isValid(lesson) else { throw ProgressStoreError(.invalidIdentifier) }
        if let record = state.withLock({ $0.learners[learnerId]?.record }), record.lessons[lesson]?.startedAt != nil {
            return record
        }
        let timestamp = ISOTimestamp(at)
        return try await mutate(learnerId) { $0.applyStart(lesson: lesson, at: timestamp) }
    }

    public func recordView(learnerId: String, lesson: String, step: String, at: Date) async throws(ProgressStoreError) -> LearnerRecord {
        guard LearnerID.isValid(learnerId) else { throw ProgressStoreError(.learnerNotFound) }
        guard ProgressIdentifier.isValid(lesson), ProgressIdentifier.isValid(step) else {
            throw ProgressStoreError(.invalidIdentifier)
        }
        // Every page load calls this; after the first view there is nothing to write, unless views the
        // disk refused earlier are waiting: each page load is then a chance to write them.
        let (known, hasDeferred) = state.withLock { ($0.learners[learnerId]?.record, $0.deferredViews[learnerId] != nil) }
        if let record = known, record.lessons[lesson]?.steps[step]?.firstViewedAt != nil, !hasDeferred {
            return record
        }
        let timestamp = ISOTimestamp(at)
        do {
            return try await mutate(learnerId) { $0.applyView(lesson: lesson, step: step, at: timestamp) }
        } catch where error.code == .storageFailure {
            // Reading must not depend on writing: the step is served, the view waits in memory.
            let view = DeferredView(lesson: lesson, step: step, at: timestamp)
            let (record, isNew) = state.withLock { state -> (LearnerRecord?, Bool) in
                let views = state.deferredViews[learnerId, default: []]
                let isNew = !views.contains { $0.lesson == lesson && $0.step == step }
                if isNew { state.deferredViews[learnerId] = views + [view] }
                return (state.learners[learnerId]?.record, isNew)
            }
            if isNew {
                logger.warning("first view not written (disk refused it); kept in memory, written with the next successful write",
                               metadata: ["learner": "\(learnerId)", "lesson": "\(lesson)", "step": "\(step)"])
            }
            guard let record else { throw error }
            return record
        }
    }

    public func recordCheckRun(learnerId: String, run: CheckRun, outline: LessonOutline) async throws(ProgressStoreError) -> LearnerRecord {
        guard LearnerID.isValid(learnerId) else { throw ProgressStoreError(.learnerNotFound) }
        guard ProgressIdentifier.isValid(run.lesson), ProgressIdentifier.isValid(run.step) else {
            throw ProgressStoreError(.invalidIdentifier)
        }
        guard run.lesson == outline.id, outline.step(run.step) != nil else {
            throw ProgressStoreError(.unknownStep)
        }
        return try await mutate(learnerId) { $0.applyCheckRun(run, outline: outline) }
    }

    public func snapshot() async -> ProgressSnapshot {
        let (stored, corrupt) = state.withLock { state in
            (Array(state.learners.values), state.corruptFiles)
        }
        let sorted = stored.sorted { ($0.record.createdAt, $0.record.id) < ($1.record.createdAt, $1.record.id) }
        return ProgressSnapshot(learners: sorted.map(\.record), corruptFiles: corrupt, revisions: sorted.map(\.revision))
    }

    public func corruptFiles() async -> [CorruptFileReport] {
        state.withLock { $0.corruptFiles }
    }

    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiters = state.withLock { state in
                state.closed = true
                state.closeWaiters.append(continuation)
                return state.takeCloseWaitersIfIdle()
            }
            for waiter in waiters { waiter.resume() }
        }
        files.unlock()
        logger.info("progress store closed")
    }

    // MARK: - Helpers

    /// Lanes are handed out in turn, so that busy learners spread over all of them.
    func nextLane() -> DispatchQueue {
        let index = state.withLock { state -> Int in
            state.nextLane = (state.nextLane + 1) % lanes.count
            return state.nextLane
        }
        return lanes[index]
    }

    /// Runs blocking work on a lane and waits for it without blocking a cooperative thread.
    static func onQueue<T: Sendable>(_ queue: DispatchQueue, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Encodes and durably writes one record.
    static func write(_ record: LearnerRecord, to fileName: String, in files: DataDirectory) -> Result<FileSignature?, ProgressStoreError> {
        let bytes: [UInt8]
        do {
            bytes = try RecordCoding.encode(record)
        } catch {
            return .failure(ProgressStoreError(.storageFailure))
        }
        do {
            return .success(try files.writeAtomically(bytes, name: fileName))
        } catch {
            return .failure(ProgressStoreError(.storageFailure, underlying: error))
        }
    }
}
