import AtelierContent
import Foundation
import Testing
@testable import AtelierCluster

/// The timeline Atelier keeps from its watches: what it records for the sequences a learner
/// really produces (see /work/shared/reference: scale-down vs rolling restart, re-created claim),
/// and the facts the order checks are judged on.
@Suite("Chronologie observée")
struct TimelineTests {
    /// Minimal objects in the shape kubectl prints (only the fields the recorder reads).
    static func pod(_ name: String, uid: String, ready: Bool = true) -> JSONValue {
        .object([
            "metadata": .object(["name": .string(name), "uid": .string(uid), "creationTimestamp": .string("2025-03-10T09:00:00Z")]),
            "status": .object(["phase": .string("Running"), "conditions": .array([.object([
                "type": .string("Ready"), "status": .string(ready ? "True" : "False"),
                "lastTransitionTime": .string("2025-03-10T09:00:10Z"),
            ])])]),
        ])
    }

    static func statefulSet(replicas: Int, revision: String = "postgres-6d5f8c7b9c") -> JSONValue {
        .object([
            "metadata": .object(["name": .string("postgres"), "uid": .string("sts-1")]),
            "spec": .object(["replicas": .number(Double(replicas))]),
            "status": .object(["updateRevision": .string(revision)]),
        ])
    }

    static func claim(_ name: String, uid: String) -> JSONValue {
        .object(["metadata": .object(["name": .string(name), "uid": .string(uid)]), "spec": .object(["volumeName": .string("pvc-\(uid)")])])
    }

    /// A recorder that has listed `sts-ready` (3 pods, 3 claims) at t = 0 and watches since.
    struct Walk {
        var recorder = TimelineRecorder()
        var clock = Date(timeIntervalSince1970: 1_741_597_200)

        init() {
            recorder.relist("statefulsets", objects: [TimelineTests.statefulSet(replicas: 3)], at: clock)
            recorder.relist("pods", objects: (0..<3).map { TimelineTests.pod("postgres-\($0)", uid: "p\($0)") }, at: clock)
            recorder.relist("persistentvolumeclaims", objects: (0..<3).map { TimelineTests.claim("data-postgres-\($0)", uid: "c\($0)") }, at: clock)
        }

        mutating func see(_ change: String, _ resource: String, _ object: JSONValue) {
            clock += 1
            let event = WatchEvent(.object(["type": .string(change), "object": object]))!
            recorder.apply(event, resource: resource, at: clock)
        }

        /// The lesson's « ordre de suppression » done right, seen live: 3 → 1 (postgres-2 then
        /// postgres-1 deleted), then 1 → 3 (each new pod Ready before the next one).
        mutating func scaleDownToOneAndBack() {
            scale(to: 1)
            delete(2, uid: "p2")
            delete(1, uid: "p1")
            scale(to: 3)
            create(1, uid: "p1b")
            create(2, uid: "p2b")
        }

        mutating func scale(to replicas: Int) { see("MODIFIED", "statefulsets", TimelineTests.statefulSet(replicas: replicas)) }
        mutating func delete(_ ordinal: Int, uid: String) { see("DELETED", "pods", TimelineTests.pod("postgres-\(ordinal)", uid: uid)) }
        mutating func create(_ ordinal: Int, uid: String) {
            see("ADDED", "pods", TimelineTests.pod("postgres-\(ordinal)", uid: uid, ready: false))
            see("MODIFIED", "pods", TimelineTests.pod("postgres-\(ordinal)", uid: uid, ready: true))
        }
    }

    @Test("Mise à l'échelle 3 → 1 : postgres-2 puis postgres-1, postgres-0 intact")
    func scaleDownInOrder() {
        var walk = Walk()
        walk.scale(to: 1)
        walk.delete(2, uid: "p2")
        walk.delete(1, uid: "p1")
        let scaleDowns = walk.recorder.timeline.scaleDowns(of: "postgres")
        #expect(scaleDowns.count == 1)
        #expect(scaleDowns.first?.from == 3 && scaleDowns.first?.to == 1)
        #expect(scaleDowns.first?.deletions.map(\.ordinal) == [2, 1])
        #expect(scaleDowns.first?.untouchableDeleted == [])
        #expect(scaleDowns.first?.deletions.allSatisfy { !$0.inferred } == true)
    }

    @Test("3 → 1 → 3 → 2 : la dernière descente à 1 reste celle qui compte, la suivante va à 2")
    func laterScaleToTwo() {
        var walk = Walk()
        walk.scaleDownToOneAndBack()
        walk.scale(to: 2)
        walk.delete(2, uid: "p2b")
        let scaleDowns = walk.recorder.timeline.scaleDowns(of: "postgres")
        #expect(scaleDowns.map(\.to) == [1, 2])
        let toOne = scaleDowns.last { $0.to == 1 }
        #expect(toOne?.deletions.map(\.ordinal) == [2, 1])
        #expect(toOne?.followedBy?.to == 3)
        #expect(scaleDowns.last?.deletions.map(\.ordinal) == [2])
    }

    @Test("Redémarrage progressif : aucune descente, un nouveau modèle de Pod et trois suppressions")
    func rollingRestartIsNoScaleDown() {
        var walk = Walk()
        walk.see("MODIFIED", "statefulsets", Self.statefulSet(replicas: 3, revision: "postgres-7f9c6d5b8a"))
        for ordinal in [2, 1, 0] {
            walk.delete(ordinal, uid: "p\(ordinal)")
            walk.create(ordinal, uid: "p\(ordinal)b")
        }
        let timeline = walk.recorder.timeline
        #expect(timeline.scaleDowns(of: "postgres").isEmpty)
        #expect(timeline.rollouts(of: "postgres").map(\.deletedOrdinals) == [[2, 1, 0]])
    }

    @Test("PVC supprimé puis recréé : deux identités (uid) pour le même nom")
    func recreatedClaim() {
        var walk = Walk()
        walk.see("DELETED", "persistentvolumeclaims", Self.claim("data-postgres-2", uid: "c2"))
        walk.see("ADDED", "persistentvolumeclaims", Self.claim("data-postgres-2", uid: "c2-new"))
        let identities = walk.recorder.timeline.claimIdentities("data-postgres-2")
        #expect(identities.map(\.uid) == ["c2", "c2-new"])
        #expect(identities.first?.deleted != nil)
        #expect(walk.recorder.timeline.claimIdentities("data-postgres-1").count == 1)
    }

    @Test("Reprise après une coupure : ce qui a disparu pendant la coupure est déduit, marqué comme tel")
    func gapIsInferred() {
        var walk = Walk()
        walk.recorder.stopped("pods", at: walk.clock + 1)
        walk.recorder.relist("pods", objects: [Self.pod("postgres-0", uid: "p0"), Self.pod("postgres-1", uid: "p1-new")], at: walk.clock + 60)
        let entries = walk.recorder.timeline.entries.filter { $0.kind == .podDeleted || ($0.kind == .podCreated && $0.uid == "p1-new") }
        #expect(entries.map(\.object) == ["postgres-2", "postgres-1", "postgres-1"])
        #expect(entries.allSatisfy { $0.inferred == true })
        #expect(!walk.recorder.timeline.watched("pods", from: walk.clock, to: walk.clock + 30))
        #expect(walk.recorder.timeline.watched("pods", from: walk.clock, to: walk.clock + 0.5))
    }

    @Test("Atelier tué pendant un suivi : la reprise ouvre une coupure, rien n'est prétendu vu pendant")
    func crashLeavesAGap() throws {
        var walk = Walk()
        walk.scale(to: 1)  // the last thing seen before the kill
        let lastSeen = walk.clock
        // Restarted later: the same recorder read back from disk, fresh lists.
        var recorder = try JSONDecoder().decode(TimelineRecorder.self, from: JSONEncoder().encode(walk.recorder))
        let restart = lastSeen + 600
        recorder.relist("statefulsets", objects: [TimelineTests.statefulSet(replicas: 1)], at: restart)
        let timeline = recorder.timeline
        #expect(timeline.watched("statefulsets", from: lastSeen - 1, to: lastSeen))
        #expect(!timeline.watched("statefulsets", from: lastSeen, to: restart))
        #expect(timeline.watchedSince(name: "statefulsets") == restart)
    }

    @Test("Création vue en direct : 1 après que 0 est prêt, 2 après que 1 est prêt")
    func creationOrderSeenLive() {
        var walk = Walk()
        walk.scaleDownToOneAndBack()
        guard case .ordered(let steps) = walk.recorder.timeline.creationOrder(of: "postgres", replicas: 3) else {
            Issue.record("expected an ordered creation: \(walk.recorder.timeline.creationOrder(of: "postgres", replicas: 3))")
            return
        }
        #expect(steps.map(\.ordinal) == [0, 1, 2])
    }

    @Test("Création : 2 créé avant que 1 soit prêt, ou créations seulement déduites : pas de preuve d'ordre")
    func creationOrderRefusedOrUnknown() {
        var walk = Walk()
        walk.scale(to: 1)
        walk.delete(2, uid: "p2")
        walk.delete(1, uid: "p1")
        walk.scale(to: 3)
        walk.see("ADDED", "pods", TimelineTests.pod("postgres-1", uid: "p1b", ready: false))
        walk.see("ADDED", "pods", TimelineTests.pod("postgres-2", uid: "p2b", ready: false))
        #expect(walk.recorder.timeline.creationOrder(of: "postgres", replicas: 3) == .notReadyFirst(later: 2, at: walk.clock, earlier: 1))
        // Only the first list (what existed before Atelier watched): the order is not known.
        #expect(Walk().recorder.timeline.creationOrder(of: "postgres", replicas: 3) == .unknown)
    }

    @Test("La chronologie est bornée et dit à partir de quand elle est complète")
    func bounded() {
        var timeline = Timeline()
        let start = Date(timeIntervalSince1970: 0)
        for index in 0..<(Timeline.maximumEntries + 10) {
            timeline.append(TimelineEntry(.podReady, at: start + Double(index), object: "postgres-0"))
        }
        #expect(timeline.entries.count == Timeline.maximumEntries)
        #expect(timeline.droppedBefore == start + 10)
    }

    @Test("Survit à un aller-retour JSON (le fichier de chronologie relu après un redémarrage)")
    func codableRoundTrip() throws {
        var walk = Walk()
        walk.scale(to: 1)
        walk.delete(2, uid: "p2")
        let data = try JSONEncoder().encode(walk.recorder)
        let decoded = try JSONDecoder().decode(TimelineRecorder.self, from: data)
        #expect(decoded.timeline == walk.recorder.timeline)
        var resumed = decoded
        resumed.apply(WatchEvent(.object(["type": .string("DELETED"), "object": Self.pod("postgres-1", uid: "p1")]))!,
                      resource: "pods", at: walk.clock + 5)
        #expect(resumed.timeline.scaleDowns(of: "postgres").first?.deletions.map(\.ordinal) == [2, 1])
    }

    @Test("Découpage du flux de kubectl : objets indentés concaténés, accolades dans les chaînes, morceaux arbitraires")
    func splitter() throws {
        let stream = """
        {
            "object": {"metadata": {"name": "a}{\\"b"}},
            "type": "ADDED"
        }
        {
            "object": {"metadata": {"name": "c"}, "list": [1, {"x": "]"}]},
            "type": "DELETED"
        }

        """
        var splitter = WatchStreamSplitter()
        var objects: [[UInt8]] = []
        for chunk in Array(stream.utf8).chunked(7) { objects += try splitter.feed(chunk) }
        #expect(objects.count == 2)
        #expect(splitter.isIdle)
        let events = objects.compactMap(WatchEvent.init(bytes:))
        #expect(events.map(\.change) == [.added, .deleted])
        #expect(events.first?.object.string(at: "metadata", "name") == "a}{\"b")

        var small = WatchStreamSplitter(maximumObjectBytes: 16)
        #expect(throws: WatchStreamSplitter.Failure.objectTooLarge(17)) { try small.feed(Array("{\"a\": \"0123456789abcdef\"}".utf8)) }
        var noisy = WatchStreamSplitter()
        #expect(throws: WatchStreamSplitter.Failure.unexpected("e")) { try noisy.feed(Array("error: x".utf8)) }
        let expired = WatchEvent(.object(["type": .string("ERROR"), "object": .object(["code": .number(410), "reason": .string("Expired")])]))
        #expect(expired?.isExpired == true)
    }
}

private extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
