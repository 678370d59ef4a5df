import Foundation

/// Writes the body of `GET /api/progress` (the JSON of `ClassProgressView`, byte for byte) and keeps
/// each learner's pre-encoded row until the store reports a new revision of that learner. With
/// 10,000 learners a request then costs a copy of the rows and a little arithmetic per learner
/// (time on step, stuck by time), instead of an analysis and a `JSONEncoder` pass over 12 MB.
public final class ClassProgressRenderer: Sendable {
    private struct Cache: Sendable {
        var outline: LessonOutline
        var thresholds: StuckThresholds
        var rows: [String: ClassProgressRowTemplate]
    }

    /// Per lesson and class. Rows of learners who left the snapshot are dropped at the next render.
    private let caches = LockedState<[String: Cache]>([:])

    public init() {}

    public func render(snapshot: ProgressSnapshot, outline: LessonOutline, thresholds: StuckThresholds, now: Date,
                       group: ClassHeading? = nil) -> [UInt8] {
        let timestamp = ISOTimestamp(now)
        let revisions = snapshot.revisions
        // One cache per lesson and class, so that switching classes does not drop the other's rows.
        let cacheKey = outline.id + "\u{0}" + (group?.id ?? "")
        let cached: [String: ClassProgressRowTemplate] = revisions == nil ? [:] : caches.withLock { caches in
            guard let cache = caches[cacheKey], cache.outline == outline, cache.thresholds == thresholds else { return [:] }
            return cache.rows
        }

        var templates: [ClassProgressRowTemplate] = []
        templates.reserveCapacity(snapshot.learners.count)
        var fresh: [(String, ClassProgressRowTemplate)] = []
        var rowBytes = 0
        for (index, record) in snapshot.learners.enumerated() {
            let revision = revisions?[index] ?? 0
            if revisions != nil, let template = cached[record.id], template.revision == revision {
                templates.append(template)
            } else {
                let template = ClassProgressRowTemplate(record: record, revision: revision, outline: outline, thresholds: thresholds)
                templates.append(template)
                if revisions != nil { fresh.append((record.id, template)) }
            }
            rowBytes += templates[templates.count - 1].head.count
        }
        if revisions != nil && (!fresh.isEmpty || cached.count != snapshot.learners.count) {
            store(fresh, keeping: snapshot.learners, outline: outline, thresholds: thresholds, key: cacheKey)
        }

        var json = JSONBytes(capacity: rowBytes + templates.count * 160 + 4_096)
        if let group {
            json.raw("{\"class\":{\"id\":")
            json.string(group.id)
            json.raw(",\"name\":")
            json.string(group.name)
            json.raw("},\"corruptFiles\":[")
        } else {
            json.raw("{\"corruptFiles\":[")
        }
        for (position, report) in snapshot.corruptFiles.enumerated() {
            if position > 0 { json.raw(",") }
            json.raw("{\"at\":")
            json.timestamp(report.at)
            json.raw(",\"file\":")
            json.string(report.file)
            json.raw(",\"movedTo\":")
            json.string(report.movedTo)
            json.raw("}")
        }
        json.raw("],\"generatedAt\":")
        json.timestamp(timestamp)
        json.raw(",\"learners\":[")

        var totals = [StepTotals](repeating: StepTotals(), count: outline.steps.count)
        let stepIndex = Dictionary(uniqueKeysWithValues: outline.steps.enumerated().map { ($1.id, $0) })
        for (position, template) in templates.enumerated() {
            if position > 0 { json.raw(",") }
            let timing = template.write(into: &json, now: timestamp, thresholds: thresholds)
            for (step, status) in template.statuses.enumerated() {
                switch status {
                case .passed: totals[step].passed += 1
                case .inProgress: totals[step].inProgress += 1
                case .notStarted: totals[step].notStarted += 1
                }
            }
            if let stuckStep = timing.stuckStepId, let step = stepIndex[stuckStep] {
                totals[step].stuck += 1
            }
        }

        json.raw("],\"lesson\":")
        json.string(outline.id)
        json.raw(",\"steps\":[")
        for (position, step) in outline.steps.enumerated() {
            if position > 0 { json.raw(",") }
            json.raw("{\"id\":")
            json.string(step.id)
            json.raw(",\"title\":")
            json.string(step.title)
            json.raw("}")
        }
        json.raw("],\"totals\":{")
        for (position, (step, total)) in ClassProgressEncoding.sortedSteps(outline, totals).enumerated() {
            if position > 0 { json.raw(",") }
            json.string(step.id)
            json.raw(":{\"inProgress\":")
            json.int(total.inProgress)
            json.raw(",\"notStarted\":")
            json.int(total.notStarted)
            json.raw(",\"passed\":")
            json.int(total.passed)
            json.raw(",\"stuck\":")
            json.int(total.stuck)
            json.raw("}")
        }
        json.raw("}}")
        return json.bytes
    }

    /// Files new rows; a newer revision already filed by a concurrent render wins.
    private func store(_ fresh: [(String, ClassProgressRowTemplate)], keeping learners: [LearnerRecord],
                       outline: LessonOutline, thresholds: StuckThresholds, key: String) {
        caches.withLock { caches in
            var cache = caches.removeValue(forKey: key) ?? Cache(outline: outline, thresholds: thresholds, rows: [:])
            if cache.outline != outline || cache.thresholds != thresholds {
                cache = Cache(outline: outline, thresholds: thresholds, rows: [:])
            }
            for (id, template) in fresh {
                if let existing = cache.rows[id], existing.revision > template.revision { continue }
                cache.rows[id] = template
            }
            if cache.rows.count > learners.count {
                let present = Set(learners.map(\.id))
                cache.rows = cache.rows.filter { present.contains($0.key) }
            }
            caches[key] = cache
        }
    }
}
