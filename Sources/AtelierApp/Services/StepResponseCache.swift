import AtelierHTTP
import Foundation

/// Encoded step and solution bodies per (lesson, step, namespace): the HTML is rendered once at
/// start-up, but substituting the namespace and encoding JSON on every request cost most of the
/// route's time. Bounded: past `limit` entries (one per learner and step with per-learner
/// namespaces), it starts over.
final class StepResponseCache: @unchecked Sendable {  // `entries` is guarded by `lock`.
    struct Key: Hashable {
        let lesson: String
        let step: String
        let namespace: String
        let solution: Bool
    }

    private let lock = NSLock()
    private var entries: [Key: SharedBuffer] = [:]
    let limit: Int

    init(limit: Int = 20_000) {
        self.limit = limit
    }

    /// The cached body, if any. Keys are only stored by `body(for:make:)` with a real lesson and step,
    /// so a hit for ids taken from a request needs no lookup of the lesson first.
    func cached(_ key: Key) -> SharedBuffer? {
        lock.withLock { entries[key] }
    }

    /// The cached body, or the one `make` encodes (then kept).
    func body(for key: Key, make: () throws -> [UInt8]) rethrows -> SharedBuffer {
        if let hit = cached(key) { return hit }
        let buffer = SharedBuffer(try make())
        lock.withLock {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = buffer
        }
        return buffer
    }

    var count: Int { lock.withLock { entries.count } }

    /// A JSON response around cached bytes, with the headers `Response.json` would set.
    static func response(_ buffer: SharedBuffer) -> Response {
        Response(status: 200, headers: headers, body: .shared(buffer))
    }

    /// Built once: the same two fields for every cached body.
    private static let headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8"),
                                              ("Cache-Control", "no-store")])
}
