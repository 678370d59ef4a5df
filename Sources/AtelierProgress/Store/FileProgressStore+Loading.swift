import Foundation
import Logging

/// Start-up: build the in-memory index from the directory.
extension FileProgressStore {
    static func load(directoryPath: String, logger: Logger, clock: ProgressClock) -> Result<(DataDirectory, StoreState), ProgressStoreError> {
        let started = DispatchTime.now()
        let files: DataDirectory
        let names: [String]
        do {
            files = try DataDirectory(path: directoryPath)
            names = try files.entryNames()
        } catch {
            logger.critical("cannot use the progress directory", metadata: ["error": "\(error)"])
            return .failure(ProgressStoreError(.storageFailure, underlying: error))
        }

        var state = StoreState()
        var candidates: [String] = []
        var removedTemporary = 0
        for name in names {
            if name.hasPrefix(DataDirectory.temporaryPrefix) {
                do {
                    try files.remove(name)
                    removedTemporary += 1
                    logger.notice("removed a temporary file left by an interrupted write", metadata: ["file": "\(name)"])
                } catch {
                    logger.warning("could not remove a temporary file", metadata: ["error": "\(error)"])
                }
            } else if name == ClassList.fileName {
                switch loadClasses(files: files) {
                case .success(let list): state.classes = list
                case .failure(let failure):
                    state.corruptFiles.append(quarantine(name, reason: failure.reason, files: files, logger: logger,
                                                         at: ISOTimestamp(clock.now())))
                }
            } else if let report = existingCorruptReport(name) {
                state.corruptFiles.append(report)
            } else if name.hasSuffix(".json"), LearnerID.isValid(String(name.dropLast(5))) {
                candidates.append(name)
            } else {
                logger.debug("ignoring a file that is not a progress file", metadata: ["file": "\(name)"])
            }
        }
        if removedTemporary > 0 {
            try? files.syncDirectory()
        }
        candidates.sort()

        let outcomes = parseConcurrently(candidates, files: files)
        let now = ISOTimestamp(clock.now())
        for (name, outcome) in zip(candidates, outcomes) {
            switch outcome {
            case .success(let stored):
                let record = stored.record
                if state.idByTokenHash[record.tokenHash] != nil {
                    state.corruptFiles.append(quarantine(name, reason: "token hash already used by another file",
                                                         files: files, logger: logger, at: now))
                } else {
                    state.learners[record.id] = stored
                    state.reindex(from: nil, to: record)
                }
            case .failure(let failure):
                state.corruptFiles.append(quarantine(name, reason: failure.reason, files: files, logger: logger, at: now))
            }
        }
        state.corruptFiles.sort { ($0.at, $0.movedTo) < ($1.at, $1.movedTo) }

        let milliseconds = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        logger.info("progress index loaded", metadata: [
            "learners": "\(state.learners.count)", "classes": "\(state.classes.classes.count)", "corruptFiles": "\(state.corruptFiles.count)",
            "removedTemporaryFiles": "\(removedTemporary)", "milliseconds": "\(milliseconds)",
        ])
        return .success((files, state))
    }

    /// `classes.json`, checked as strictly as a learner's file: an unreadable one is moved aside.
    private static func loadClasses(files: DataDirectory) -> Result<ClassList, LoadFailure> {
        do {
            let (data, _) = try files.read(ClassList.fileName, maximumBytes: RecordCoding.maximumFileBytes)
            return .success(try JSONDecoder().decode(ClassList.self, from: data))
        } catch let error as DecodingError {
            return .failure(LoadFailure(reason: "invalid JSON or schema: \(RecordCoding.describe(error))"))
        } catch {
            return .failure(LoadFailure(reason: "unreadable: \(error)"))
        }
    }

    /// Reads and parses in parallel chunks: start-up with 10,000 learners is dominated by JSON
    /// decoding, which spreads over the cores. Results keep the order of `names`.
    private static func parseConcurrently(_ names: [String], files: DataDirectory) -> [Result<StoredLearner, LoadFailure>] {
        guard !names.isEmpty else { return [] }
        let workers = min(names.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 2)
        let chunkSize = (names.count + workers - 1) / workers
        let collected = LockedState([[Result<StoredLearner, LoadFailure>]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let decoder = JSONDecoder()
            let lower = worker * chunkSize
            let upper = min(names.count, lower + chunkSize)
            guard lower < upper else { return }
            var local: [Result<StoredLearner, LoadFailure>] = []
            local.reserveCapacity(upper - lower)
            for name in names[lower..<upper] {
                do {
                    let (data, signature) = try files.read(name, maximumBytes: RecordCoding.maximumFileBytes)
                    local.append(RecordCoding.decode(data, fileName: name, using: decoder)
                        .map { StoredLearner(record: $0, signature: signature) })
                } catch {
                    local.append(.failure(LoadFailure(reason: "unreadable: \(error)")))
                }
            }
            collected.withLock { $0[worker] = local }
        }
        return collected.withLock { $0.flatMap { $0 } }
    }

    /// Moves a bad file aside and returns its report. If even the rename fails, the file stays where it
    /// is (and is still reported): it is not in the index, and creation never reuses an existing name.
    static func quarantine(_ name: String, reason: String, files: DataDirectory, logger: Logger, at: ISOTimestamp) -> CorruptFileReport {
        do {
            let movedTo = try files.moveAside(name, at: at)
            logger.error("corrupt progress file moved aside", metadata: [
                "file": "\(name)", "movedTo": "\(movedTo)", "reason": "\(reason)",
            ])
            return CorruptFileReport(file: name, movedTo: movedTo, at: at)
        } catch {
            logger.critical("corrupt progress file could not be moved aside; it is left untouched", metadata: [
                "file": "\(name)", "reason": "\(reason)", "error": "\(error)",
            ])
            return CorruptFileReport(file: name, movedTo: name, at: at)
        }
    }

    /// Files moved aside by an earlier run stay reported until someone deals with them.
    private static func existingCorruptReport(_ name: String) -> CorruptFileReport? {
        guard let marker = name.range(of: ".corrupt-") else { return nil }
        let original = String(name[..<marker.lowerBound])
        let stamp = String(name[marker.upperBound...].prefix(16))
        let at = ISOTimestamp(compact: stamp) ?? ISOTimestamp(secondsSince1970: 0)
        return CorruptFileReport(file: original, movedTo: name, at: at)
    }
}
