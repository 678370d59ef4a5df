/// A counter tasks can wait on: `wait(for:)` returns once `add` has brought it to the target, so a
/// test waits for "60 acknowledged writes" itself instead of sleeping and hoping.
public actor Countdown {
    public private(set) var value = 0
    private var watchers: [(target: Int, continuation: CheckedContinuation<Void, Never>)] = []

    public init() {}

    public func add(_ amount: Int = 1) {
        value += amount
        let reached = watchers.filter { $0.target <= value }
        watchers.removeAll { $0.target <= value }
        reached.forEach { $0.continuation.resume() }
    }

    public func wait(for target: Int) async {
        if value >= target { return }
        await withCheckedContinuation { watchers.append((target, $0)) }
    }
}
