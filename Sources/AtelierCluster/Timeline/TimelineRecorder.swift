import AtelierContent
import Foundation

/// Turns what the watches report (lists and change events of pods, claims, StatefulSets and
/// events) into timeline entries: creations and deletions by uid, Ready transitions, replica
/// changes, new pod templates, statefulset-controller events.
///
/// A watch's first answer is a list, and a watch can be lost; `relist` compares a fresh list
/// with what was last known, so a deletion that happened while nobody watched is still recorded
/// (as `inferred`: it happened within the gap, in no known order). The recorder keeps, per
/// object, only what it compares (uid, readiness, replicas, revision, event count).
package struct TimelineRecorder: Codable, Sendable {
    /// The four resource types a target's watches cover (one kubectl process each).
    package static let resources = ["statefulsets", "pods", "persistentvolumeclaims", "events"]

    struct Known: Codable, Sendable, Hashable {
        var uid: String?
        var ready: Bool?
        var replicas: Int?
        var revision: String?
        var count: Int?
    }

    package private(set) var timeline: Timeline
    /// resource → object name → what was last seen.
    private var known: [String: [String: Known]] = [:]
    /// Resources listed at least once: the first list describes a past Atelier did not see.
    private var listed: Set<String> = []

    package init(timeline: Timeline = Timeline()) {
        self.timeline = timeline
    }

    /// The watch of `resource` (re)started with this list of current objects.
    package mutating func relist(_ resource: String, objects: [JSONValue], at now: Date) {
        let first = !listed.contains(resource)
        listed.insert(resource)
        // A watch that never said it stopped: Atelier died (kill -9, power cut). Nothing is
        // known after the last thing it recorded, so the gap starts there.
        if timeline.watchedSince(name: resource) != nil {
            timeline.append(TimelineEntry(.watchStopped, at: timeline.entries.last?.at ?? now, object: resource))
        }
        timeline.append(TimelineEntry(.watchStarted, at: now, object: resource))
        var current: [String: JSONValue] = [:]
        for object in objects {
            if let name = object.string(at: "metadata", "name") { current[name] = object }
        }
        for (name, old) in (known[resource] ?? [:]).sorted(by: { $0.key < $1.key }) where current[name] == nil {
            recordGone(resource, name: name, uid: old.uid, at: now, inferred: true)
            known[resource]?[name] = nil
        }
        for name in current.keys.sorted() {
            observe(resource, current[name]!, at: now, inferred: true, pastOnly: first)
        }
    }

    /// The watch of `resource` ended (stream lost, learner idle, server stopping).
    package mutating func stopped(_ resource: String, at now: Date) {
        timeline.append(TimelineEntry(.watchStopped, at: now, object: resource))
    }

    /// One change a running watch reported.
    package mutating func apply(_ event: WatchEvent, resource: String, at now: Date) {
        switch event.change {
        case .added, .modified:
            observe(resource, event.object, at: now, inferred: false, pastOnly: false)
        case .deleted:
            guard let name = event.object.string(at: "metadata", "name") else { return }
            recordGone(resource, name: name, uid: event.object.string(at: "metadata", "uid") ?? known[resource]?[name]?.uid,
                       at: now, inferred: false)
            known[resource]?[name] = nil
        case .bookmark, .error:
            break
        }
    }

    // MARK: - Per resource

    /// `pastOnly`: the very first list of a resource — objects that exist are history Atelier did
    /// not see: recorded at their own creation time, as inferred.
    private mutating func observe(_ resource: String, _ object: JSONValue, at now: Date, inferred: Bool, pastOnly: Bool) {
        guard let name = object.string(at: "metadata", "name") else { return }
        let uid = object.string(at: "metadata", "uid")
        let created = object.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        let previous = known[resource]?[name]
        var next = Known(uid: uid)
        let replaced = previous != nil && previous?.uid != uid
        if replaced {
            recordGone(resource, name: name, uid: previous?.uid, at: now, inferred: true)
        }
        let isNew = previous == nil || replaced
        let when = pastOnly ? (created ?? now) : now
        let wasInferred: Bool? = (inferred || pastOnly) ? true : nil
        switch resource {
        case "pods":
            let ready = PodState(object)?.ready ?? false
            next.ready = ready
            if isNew {
                timeline.append(TimelineEntry(.podCreated, at: when, object: name, uid: uid, ordinal: Self.ordinal(name),
                                              inferred: wasInferred))
            }
            if ready && (isNew || previous?.ready != true) {
                let readySince = pastOnly ? (PodState(object)?.readySince ?? when) : now
                timeline.append(TimelineEntry(.podReady, at: readySince, object: name, uid: uid, ordinal: Self.ordinal(name),
                                              inferred: wasInferred))
            }
        case "persistentvolumeclaims":
            if isNew {
                timeline.append(TimelineEntry(.claimCreated, at: when, object: name, uid: uid, ordinal: Self.ordinal(name),
                                              revision: object.string(at: "spec", "volumeName"), inferred: wasInferred))
            }
        case "statefulsets":
            let replicas = object.value(at: "spec", "replicas")?.intValue ?? 1
            let revision = object.string(at: "status", "updateRevision")
            next.replicas = replicas
            next.revision = revision ?? previous?.revision
            if !isNew, let before = previous?.replicas, before != replicas {
                timeline.append(TimelineEntry(.replicasChanged, at: now, object: name, uid: uid, from: before, to: replicas,
                                              inferred: inferred ? true : nil))
            }
            if !isNew, let revision, let before = previous?.revision, before != revision {
                timeline.append(TimelineEntry(.templateChanged, at: now, object: name, uid: uid, revision: revision,
                                              inferred: inferred ? true : nil))
            }
        case "events":
            let event = EventRecord(object)
            let count = event?.count ?? 1
            next.count = count
            let fromController = object.string(at: "source", "component") == "statefulset-controller"
                || object["reportingComponent"]?.stringValue == "statefulset-controller"
            if fromController, let event, isNew || count > (previous?.count ?? 0) {
                timeline.append(TimelineEntry(.controllerEvent, at: pastOnly ? (event.lastTime ?? now) : now, object: event.objectName,
                                              uid: event.objectUID, reason: event.reason, message: event.message,
                                              inferred: wasInferred))
            }
        default:
            break
        }
        known[resource, default: [:]][name] = next
    }

    private mutating func recordGone(_ resource: String, name: String, uid: String?, at now: Date, inferred: Bool) {
        let kind: TimelineEntry.Kind
        switch resource {
        case "pods": kind = .podDeleted
        case "persistentvolumeclaims": kind = .claimDeleted
        default: return
        }
        timeline.append(TimelineEntry(kind, at: now, object: name, uid: uid, ordinal: Self.ordinal(name), inferred: inferred ? true : nil))
    }

    /// `postgres-2` / `data-postgres-2` → 2.
    static func ordinal(_ name: String) -> Int? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let suffix = name[name.index(after: dash)...]
        guard !suffix.isEmpty, suffix.count < 6, suffix.allSatisfy(\.isNumber) else { return nil }
        return Int(suffix)
    }
}
