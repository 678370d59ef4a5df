import Foundation
import Testing
@testable import AtelierApp

/// Atelier watches the learner's namespace from the start of the lesson and keeps what it saw:
/// the deletion order is still proven once MicroK8s has dropped its events (5 minutes).
@Suite("Observation du cluster : la chronologie d'Atelier")
struct ObservationTests {
    /// Waits, up to a generous deadline, until the stored timeline says `fragment` (a signal: the
    /// file is written, fsync'd, before the observer moves on).
    static func waitForTimeline(_ app: TestApp, _ learner: String, contains fragments: [String], seconds: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = app.timelineText(learner)
            if fragments.allSatisfy(text.contains) { return true }
            try? await Task.sleep(for: .milliseconds(50))  // polling a condition, bounded by the deadline
        }
        return false
    }

    /// Waits until `count` stand-in watches have read the cluster's state: changes made after that
    /// reach them (the stand-in logs `watchingFrom` at that moment).
    static func waitForWatches(_ app: TestApp, _ count: Int, seconds: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if app.standinLog.components(separatedBy: "\"watchingFrom\"").count - 1 >= count { return true }
            try? await Task.sleep(for: .milliseconds(50))  // polling a condition, bounded by the deadline
        }
        return false
    }

    /// Waits until the timeline records the deletion of each of these pod uids (prefixes).
    static func waitForDeletions(_ app: TestApp, _ learner: String, _ uids: [String], seconds: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let stored = (try? JSONSerialization.jsonObject(with: Data(app.timelineText(learner).utf8))) as? [String: Any]
            let entries = ((stored?["timeline"] as? [String: Any])?["entries"] as? [[String: Any]]) ?? []
            let deleted = entries.filter { $0["kind"] as? String == "podDeleted" }.compactMap { $0["uid"] as? String }
            if uids.allSatisfy({ uid in deleted.contains { $0.hasPrefix(uid) } }) { return true }
            try? await Task.sleep(for: .milliseconds(50))  // polling a condition, bounded by the deadline
        }
        return false
    }

    @Test("réduction vue en direct, événements expirés ensuite : l'ordre de suppression est prouvé par la chronologie")
    func deletionOrderAfterEventsExpired() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: { $0.cluster.observeIdleMinutes = 30 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let start = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/start",
                                                   headers: TestApp.bearer(learner.token), body: [])
        #expect(start.status == 200)
        // The four watches have listed the namespace.
        #expect(await Self.waitForTimeline(app, learner.id, contains: ["\"object\":\"pods\"", "\"object\":\"statefulsets\"",
                                                                       "\"object\":\"persistentvolumeclaims\"", "\"object\":\"events\""]))
        #expect(await Self.waitForWatches(app, 6))  // statefulsets, pods, claims, events, services, deployments
        // The learner scales down and waits until only postgres-0 is left, then scales back up.
        for state in ["scale-1-a", "scale-1-b"] { try app.append(scenario: state) }
        #expect(await Self.waitForDeletions(app, learner.id, ["a4d2c9e7", "6b1e0f3c"]), "TIMELINE \(app.timelineText(learner.id)) LOG \(app.standinLog)")
        #expect(await Self.waitForTimeline(app, learner.id, contains: ["replicasChanged"]))  // and the StatefulSets watch saw 3 → 1
        for state in ["scale-3-a", "scale-3-b"] { try app.append(scenario: state) }
        #expect(await Self.waitForTimeline(app, learner.id, contains: ["e0b3f5a4", "f1c4a6b5"]))  // both pods back (new uids)
        // Five minutes later on MicroK8s: every event is gone.
        try app.append(scenario: "scale-3-b-expired")
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/ordre-suppression/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        let checks = try #require(try reply.json()["checks"] as? [[String: Any]])
        let order = try #require(checks.first { $0["id"] as? String == "deletion-order" })
        #expect(order["status"] as? String == "passed", "\(reply.text) TIMELINE \(app.timelineText(learner.id))")
        #expect((order["message"] as? String)?.contains("chronologie observée par Atelier") == true)
        #expect((order["message"] as? String)?.contains("postgres-2") == true)
    }

    @Test("redémarrage progressif vu en direct : pas une réduction")
    func rollingRestartSeenLive() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: { $0.cluster.observeIdleMinutes = 30 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        _ = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/start",
                                           headers: TestApp.bearer(learner.token), body: [])
        #expect(await Self.waitForTimeline(app, learner.id, contains: ["\"object\":\"pods\"", "\"object\":\"statefulsets\"", "\"object\":\"events\""]))
        #expect(await Self.waitForWatches(app, 6))  // statefulsets, pods, claims, events, services, deployments
        for state in ["restart-1", "restart-2", "restart-3", "restart-4", "restart-5", "restart-done"] { try app.append(scenario: state) }
        #expect(await Self.waitForTimeline(app, learner.id, contains: ["templateChanged", "d9a2e4f3"]))
        try app.append(scenario: "scale-3-b-expired")
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/ordre-suppression/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        let checks = try #require(try reply.json()["checks"] as? [[String: Any]])
        let order = try #require(checks.first { $0["id"] as? String == "deletion-order" })
        #expect(order["status"] as? String == "failed")
        #expect((order["message"] as? String)?.contains("redémarrage progressif") == true, "\(reply.text)")
    }
}
