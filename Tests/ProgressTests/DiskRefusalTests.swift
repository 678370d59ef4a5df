@testable import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Glibc
import Testing

/// Issue 15, items 5 and 6: reading never waits on writing, and nothing in the data folder can
/// block start-up.
@Suite("Full disk and odd files")
struct DiskRefusalTests {
    @Test("A first view the disk refuses is served anyway and written once the disk accepts writes")
    func firstViewOnAFullDisk() async throws {
        let directory = TemporaryDirectory()
        let logs = LogCapture()
        let store = try await FileProgressStore(directory: directory.data, logger: logs.logger, clock: ManualClock().progressClock)
        let id = try await store.createLearner(name: Fixtures.name("Inès")).learner.id
        store.files.simulatedWriteErrno.withLock { $0 = ENOSPC }

        // No error for the reader; the log says the view waits.
        let viewedAt = ManualClock.origin + 30
        _ = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "secret", at: viewedAt)
        #expect(logs.lines.contains { $0.contains("first view not written") && $0.contains(id) })
        // A check run still fails honestly: it is not acknowledged.
        await #expect(throws: ProgressStoreError.self) {
            try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: false, at: viewedAt + 10),
                                           outline: Fixtures.outline)
        }

        // The disk is back: the next page load writes the waiting view, with its real time.
        store.files.simulatedWriteErrno.withLock { $0 = nil }
        let record = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "preparation", at: viewedAt + 60)
        #expect(record.lessons[Fixtures.lessonId]?.steps["secret"]?.firstViewedAt == ISOTimestamp(viewedAt))
        #expect(logs.lines.contains { $0.contains("first views written now that the disk accepts writes again") })
        await store.close()
        let reopened = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger)
        #expect(await reopened.learner(id: id)?.lessons[Fixtures.lessonId]?.steps["secret"]?.firstViewedAt == ISOTimestamp(viewedAt))
        await reopened.close()
    }

    @Test("A named pipe named like a progress file is moved aside at start-up, not opened for ever")
    func namedPipeAtStartUp() async throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.data, withIntermediateDirectories: true)
        let pipe = directory.data.appendingPathComponent("abcdefghijkm.json")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        // If start-up blocks in open(), a writer (opened without blocking once a reader waits)
        // releases it after a generous deadline, so that the failure is reported, not a hung suite.
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(240)
            while Date() < deadline {
                let writer = Glibc.open(pipe.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                if writer >= 0 { Glibc.close(writer); return }
                if errno == ENOENT { return }  // moved aside: nothing to release
                _ = poll(nil, 0, 100)
            }
        }
        watchdog.start()
        let started = ContinuousClock.now
        let store = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger)
        let elapsed = ContinuousClock.now - started
        let reports = await store.corruptFiles()
        #expect(reports.map(\.file) == ["abcdefghijkm.json"])
        #expect(elapsed < .seconds(180), "start-up waited on the pipe for \(elapsed)")
        let names = directory.names()
        #expect(!names.contains("abcdefghijkm.json"))
        let moved = try #require(names.first { $0.hasPrefix("abcdefghijkm.json.corrupt-") })
        var status = stat()
        #expect(lstat(directory.data.appendingPathComponent(moved).path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
        await store.close()
    }
}
