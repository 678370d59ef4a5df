/// Parks callers until `open()`, so tests can hold requests in flight without sleeping, and lets a
/// test wait until a given number of callers are parked — the signal that they are really in flight.
public actor Gate {
    private var continuations: [CheckedContinuation<Void, Never>] = []
    private var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var isOpen = false

    public init() {}

    public var waiting: Int { continuations.count }

    public func wait() async {
        if isOpen { return }
        await withCheckedContinuation { continuation in
            continuations.append(continuation)
            let reached = watchers.filter { $0.count <= continuations.count }
            watchers.removeAll { $0.count <= continuations.count }
            reached.forEach { $0.continuation.resume() }
        }
    }

    /// Returns once at least `count` callers are parked (at once), without polling.
    public func waitUntilWaiting(_ count: Int) async {
        if continuations.count >= count { return }
        await withCheckedContinuation { watchers.append((count, $0)) }
    }

    public func open() {
        isOpen = true
        continuations.forEach { $0.resume() }
        continuations = []
    }
}
