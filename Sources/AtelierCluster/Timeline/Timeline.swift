import Foundation

/// What Atelier saw happen in one learner's cluster target, oldest first, bounded.
///
/// The order of `entries` is the order in which the watches reported the changes — the evidence
/// the order checks need once MicroK8s has dropped its events (5 minutes). Bounded so a learner
/// who loops `kubectl rollout restart` cannot grow the file without limit: past
/// `maximumEntries` the oldest entries go and `droppedBefore` says from when the record is
/// complete.
package struct Timeline: Codable, Sendable, Hashable {
    package static let maximumEntries = 2_000

    package private(set) var entries: [TimelineEntry] = []
    /// Entries before this instant were dropped to keep the bound.
    package private(set) var droppedBefore: Date?

    package init(entries: [TimelineEntry] = []) {
        for entry in entries { append(entry) }
    }

    package mutating func append(_ entry: TimelineEntry) {
        entries.append(entry)
        if entries.count > Self.maximumEntries {
            let dropped = entries.count - Self.maximumEntries
            droppedBefore = entries[dropped].at
            entries.removeFirst(dropped)
        }
    }

    /// Since when `resource` has been watched without a gap (the start of the current watch),
    /// nil when it is not watched now.
    package func watchedSince(name resource: String) -> Date? {
        var since: Date?
        for entry in entries where entry.object == resource && (entry.kind == .watchStarted || entry.kind == .watchStopped) {
            if entry.kind == .watchStarted { since = since ?? entry.at } else { since = nil }
        }
        return since
    }

    /// Whether changes of `resource` were being watched, without a gap, over `start...end`.
    package func watched(_ resource: String, from start: Date, to end: Date) -> Bool {
        if let droppedBefore, start < droppedBefore { return false }
        var watching = false
        var since: Date?
        for entry in entries where entry.object == resource && (entry.kind == .watchStarted || entry.kind == .watchStopped) {
            if entry.kind == .watchStarted {
                if !watching { since = entry.at }
                watching = true
            } else {
                if watching, let since, since <= start, entry.at >= end { return true }
                watching = false
            }
        }
        if watching, let since, since <= start { return true }
        return false
    }
}
