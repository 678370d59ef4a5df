import Foundation

/// Classes and resume codes. Classes live in `classes.json`, rewritten whole (atomic rename, fsync)
/// on lane 0, a serial queue, so two changes can never interleave; memory follows the disk.
extension FileProgressStore {
    public func classes() async -> [ClassRecord] {
        state.withLock { $0.classes.classes }
    }

    public func createClass(name: LearnerName) async throws(ProgressStoreError) -> ClassRecord {
        let createdAt = ISOTimestamp(clock.now())
        let created = try await changeClasses { list throws(ProgressStoreError) -> ClassRecord in
            guard list.classes.count < ClassList.maximumClasses else { throw ProgressStoreError(.tooManyClasses) }
            var id = LearnerID.generate()
            while list.classes.contains(where: { $0.id == id }) { id = LearnerID.generate() }
            var code = ClassCode.generate()
            while list.classes.contains(where: { $0.code == code }) { code = ClassCode.generate() }
            let record = ClassRecord(id: id, name: name, code: code, createdAt: createdAt)
            list.classes.append(record)
            return record
        }
        logger.info("class created", metadata: ["class": "\(created.id)"])
        return created
    }

    public func archiveClass(id: String) async throws(ProgressStoreError) -> ClassRecord {
        let archivedAt = ISOTimestamp(clock.now())
        return try await changeClasses { list throws(ProgressStoreError) -> ClassRecord in
            guard let index = list.classes.firstIndex(where: { $0.id == id }) else { throw ProgressStoreError(.classNotFound) }
            if list.classes[index].archivedAt == nil { list.classes[index].archivedAt = archivedAt }
            return list.classes[index]
        }
    }

    public func joinableClass(code: String) async throws(ProgressStoreError) -> ClassRecord {
        guard let canonical = ClassCode.canonical(code),
              let found = state.withLock({ state in state.classes.classes.first { $0.code == canonical } }) else {
            throw ProgressStoreError(.classCodeUnknown)
        }
        guard found.archivedAt == nil else { throw ProgressStoreError(.classArchived) }
        return found
    }

    public func resume(code: String) async throws(ProgressStoreError) -> CreatedLearner {
        guard let hash = ResumeCode.hash(ofTyped: code),
              let id = state.withLock({ $0.idByResumeHash[hash] }) else {
            throw ProgressStoreError(.resumeCodeUnknown)
        }
        let token = LearnerToken.generate()
        let tokenHash = LearnerToken.hash(token)
        let record: LearnerRecord
        do {
            record = try await mutate(id) { record in
                // The trainer may have issued a new code between the look-up and this write.
                guard record.resumeCodeHash == hash else { return false }
                record.tokenHash = tokenHash
                return true
            }
        } catch where error.code == .learnerNotFound {
            throw ProgressStoreError(.resumeCodeUnknown)
        }
        guard record.tokenHash == tokenHash else { throw ProgressStoreError(.resumeCodeUnknown) }
        logger.info("learner resumed with their code", metadata: ["learner": "\(id)"])
        return CreatedLearner(learner: record, token: token)
    }

    public func reissueResumeCode(learnerId: String) async throws(ProgressStoreError) -> String {
        guard LearnerID.isValid(learnerId) else { throw ProgressStoreError(.learnerNotFound) }
        let code = ResumeCode.generate()
        let hash = ResumeCode.hash(ofTyped: code)
        _ = try await mutate(learnerId) { record in
            record.resumeCodeHash = hash
            return true
        }
        logger.info("resume code issued by the trainer", metadata: ["learner": "\(learnerId)"])
        return code
    }

    /// Applies `change` to a copy of the list, writes it, then publishes it; nothing changes when the
    /// change throws or the write fails.
    private func changeClasses<Value: Sendable>(
        _ change: @escaping @Sendable (inout ClassList) throws(ProgressStoreError) -> Value
    ) async throws(ProgressStoreError) -> Value {
        let files = self.files
        let state = self.state
        let logger = self.logger
        let outcome = await Self.onQueue(lanes[0]) { () -> Result<Value, ProgressStoreError> in
            guard var list = state.withLock({ $0.closed ? nil : $0.classes }) else { return .failure(ProgressStoreError(.closed)) }
            let value: Value
            do throws(ProgressStoreError) { value = try change(&list) } catch { return .failure(error) }
            do {
                try files.writeAtomically(try RecordCoding.encode(list), name: ClassList.fileName)
            } catch let error as FileIOError {
                logger.error("could not write the classes file", metadata: ["error": "\(error)"])
                return .failure(ProgressStoreError(.storageFailure, underlying: error))
            } catch {
                return .failure(ProgressStoreError(.storageFailure))
            }
            let published = list
            state.withLock { $0.classes = published }
            return .success(value)
        }
        return try outcome.get()
    }
}
