import Synchronization

/// Cancels one child from outside the task that awaits it; cancelling that task sets it too.
///
/// Handlers registered with `onCancel` run once, at `cancel()` (or at once if it already happened),
/// on the caller's thread: they must only start work (`GroupTeardown.stop` does), never block.
package final class CancellationFlag: Sendable {
    private struct State {
        var cancelled = false
        var handlers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    package init() {}

    package func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.cancelled else { return [] }
            state.cancelled = true
            defer { state.handlers = [] }
            return state.handlers
        }
        handlers.forEach { $0() }
    }

    package var isCancelled: Bool {
        state.withLock { $0.cancelled }
    }

    /// Runs `handler` when the flag is cancelled (now, if it already is).
    func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }
}
