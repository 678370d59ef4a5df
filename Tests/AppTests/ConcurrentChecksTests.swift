import Foundation
import Testing
import TestSupport

@Suite("Many simultaneous checks")
struct ConcurrentChecksTests {
    @Test func hundredParallelChecksForOneLearnerLoseNothing() async throws {
        let app = try await TestApp(scenario: "all-ok")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let port = app.port
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await HTTPTestClient(port: port).request(
                        "POST", "/api/lessons/statefulsets-postgresql/steps/service-headless/check",
                        headers: TestApp.bearer(learner.token), body: []).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 100))
        let detail = try await app.client().get("/api/progress/\(learner.id)",
                                                headers: TestApp.bearer(TestApp.trainerToken)).json()
        // Clicks of one learner that overlap a run in flight join it (one attempt, see
        // ReadingAndClickingTests): between 1 and 100 attempts, each in the (bounded) history.
        let steps = detail["steps"] as? [String: Any]
        let attempts = (steps?["service-headless"] as? [String: Any])?["attempts"] as? Int ?? 0
        #expect((1...100).contains(attempts))
        #expect((detail["history"] as? [Any])?.count == min(attempts, 20))
        // Identical runs in flight shared executions: far fewer kubectl processes than requests.
        let spawns = app.kubectlInvocations
        print("100 simultaneous checks of one step: \(spawns) kubectl invocations")
        #expect(spawns < 100)
        #expect(spawns >= 1)
    }
}
