import AtelierCluster
import AtelierContent

/// Recent namespace snapshots, shared between the live panel, the live checklist and « Vérifier »:
/// one kubectl for the three when they ask within `maxAge` and nothing changed in between.
///
/// « Nothing changed » is the observer's revision of the learner, read before the fetch: a reader
/// reuses an entry only if the revision it knows now is the one the entry was taken at. Without a
/// revision (the learner's target is not watched) nothing is reused, so a click after a change
/// never sees the cluster as it was before it.
actor SnapshotCache {
    struct Entry {
        var kinds: Set<ResourceKind>
        var revision: Int
        var takenAt: ContinuousClock.Instant
        var snapshot: ClusterSnapshot
    }

    let maxAge: Duration
    private var entries: [ClusterTarget: Entry] = [:]
    private(set) var hits = 0

    init(maxAge: Duration = .seconds(1)) {
        self.maxAge = maxAge
    }

    func lookup(_ target: ClusterTarget, kinds: Set<ResourceKind>, revision: Int) -> ClusterSnapshot? {
        guard let entry = entries[target], entry.revision == revision, kinds.isSubset(of: entry.kinds),
              ContinuousClock.now - entry.takenAt < maxAge else { return nil }
        hits += 1
        return entry.snapshot
    }

    func store(_ target: ClusterTarget, kinds: Set<ResourceKind>, revision: Int, takenAt: ContinuousClock.Instant,
               snapshot: ClusterSnapshot) {
        let now = ContinuousClock.now
        // Old entries go when new ones come: the cache never holds more than the last second's targets.
        if entries.count > 64 { entries = entries.filter { now - $0.value.takenAt < maxAge } }
        if let current = entries[target], current.takenAt > takenAt { return }
        entries[target] = Entry(kinds: kinds, revision: revision, takenAt: takenAt, snapshot: snapshot)
    }
}

/// Identity of a snapshot fetch for single-flight: same target, kinds and observer revision.
struct SnapshotKey: Hashable, Sendable {
    var target: ClusterTarget
    var kinds: Set<ResourceKind>
    var revision: Int
}
