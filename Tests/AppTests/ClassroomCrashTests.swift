import Foundation
import Testing
import TestSupport

/// Issue 14: classes and resume codes are progress data. The real binary, killed with SIGKILL while
/// classes are created and learners join them and resume, loses nothing it acknowledged and leaves no
/// file that does not parse.
@Suite("Classes and resume codes survive SIGKILL", .serialized)
struct ClassroomCrashTests {
    static let trainer = ["Authorization": "Bearer trainer-token-for-tests-0123456789"]

    actor Acknowledged {
        var classes: [(id: String, code: String)] = []
        var learners: [(id: String, code: String, classId: String)] = []
        var resumes = 0
        let writes = Countdown()
        func addClass(_ id: String, _ code: String) async {
            classes.append((id, code))
            await writes.add()
        }
        func addLearner(_ id: String, _ code: String, _ classId: String) async {
            learners.append((id, code, classId))
            await writes.add()
        }
        func resumed() async {
            resumes += 1
            await writes.add()
        }
        func anyClass() -> (id: String, code: String)? { classes.last }
    }

    @Test func everyAcknowledgedClassJoinAndResumeSurvivesSIGKILL() async throws {
        let setup = try CrashSafetyTests.setUp("atelier-classroom-crash")
        defer { setup.folder.remove() }
        let server = ServerProcess(config: setup.config, environment: setup.environment)
        try await server.startOffPool()
        let port = server.port
        let acknowledged = Acknowledged()

        // One writer creates classes; three register learners into the latest class and resume them.
        let classWriter = Task.detached {
            let client = HTTPTestClient(port: port)
            var index = 0
            while true {
                index += 1
                guard let reply = try? await client.postJSON("/api/classes", "{\"name\": \"Classe \(index)\"}", headers: Self.trainer),
                      reply.status == 201, let json = try? reply.json(),
                      let id = json["id"] as? String, let code = json["code"] as? String else { return }
                await acknowledged.addClass(id, code)
            }
        }
        let learnerWriters = (0..<3).map { writer in
            Task.detached {
                let client = HTTPTestClient(port: port)
                var index = 0
                while true {
                    index += 1
                    guard let joined = await acknowledged.anyClass() else {
                        guard (try? await client.get("/healthz"))?.status == 200 else { return }
                        continue
                    }
                    guard let reply = try? await client.postJSON(
                        "/api/learners", "{\"name\": \"Élève \(writer)-\(index)\", \"classCode\": \"\(joined.code)\"}"),
                          reply.status == 201, let json = try? reply.json(),
                          let id = json["id"] as? String, let code = json["resumeCode"] as? String else { return }
                    await acknowledged.addLearner(id, code, joined.id)
                    guard let resumed = try? await client.postJSON("/api/learners/resume", "{\"code\": \"\(code)\"}"),
                          resumed.status == 200 else { return }
                    await acknowledged.resumed()
                }
            }
        }
        await acknowledged.writes.wait(for: 80)
        server.kill(signal: SIGKILL)
        await classWriter.value
        for writer in learnerWriters { await writer.value }
        #expect(await server.waitOffPool() != nil)

        let files = try FileManager.default.contentsOfDirectory(atPath: setup.data.path)
        #expect(!files.contains { $0.contains(".corrupt-") })
        for file in files where file.hasSuffix(".json") {
            let bytes = try Data(contentsOf: setup.data.appendingPathComponent(file))
            #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "\(file) does not parse")
        }

        let restarted = ServerProcess(config: setup.config, environment: setup.environment)
        try await restarted.startOffPool()
        let client = HTTPTestClient(port: restarted.port)
        let classes = try await client.get("/api/classes", headers: Self.trainer).json()["classes"] as? [[String: Any]] ?? []
        let found = Set(classes.compactMap { $0["id"] as? String })
        let acknowledgedClasses = await acknowledged.classes
        let learners = await acknowledged.learners
        #expect(acknowledgedClasses.count >= 5 && learners.count >= 5, "\(acknowledgedClasses.count) classes, \(learners.count) learners")
        for entry in acknowledgedClasses {
            #expect(found.contains(entry.id), "class \(entry.id) lost")
        }
        for learner in learners {
            // The code resumes the same learner, who is still in the class joined.
            let reply = try await client.postJSON("/api/learners/resume", "{\"code\": \"\(learner.code)\"}")
            #expect(reply.status == 200, "learner \(learner.id) cannot resume after the crash")
            #expect(try reply.json()["id"] as? String == learner.id)
            let detail = try await client.get("/api/progress?class=\(learner.classId)", headers: Self.trainer).json()
            let ids = (detail["learners"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains(learner.id), "learner \(learner.id) not in class \(learner.classId)")
        }
        let progress = try await client.get("/api/progress?class=all", headers: Self.trainer).json()
        #expect((progress["corruptFiles"] as? [Any])?.isEmpty == true)
        restarted.kill(signal: SIGTERM)
        #expect(await restarted.waitOffPool() == 0)
        print("classroom SIGKILL drill: \(acknowledgedClasses.count) classes, \(learners.count) learners, \(await acknowledged.resumes) resumes acknowledged, all found after restart")
    }
}
