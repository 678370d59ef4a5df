import AtelierContent

/// Counting semaphore whose waiters suspend instead of blocking a thread.
///
/// Caps the kubectl processes alive at once; a waiter gives up at its deadline (or when its task
/// is cancelled) so a queue of hung clusters cannot hold learners past `checkTimeoutSeconds`.
package actor AsyncSemaphore {
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextId: UInt64 = 0

    package init(permits: Int) {
        available = max(1, permits)
    }

    /// Returns true with a permit, false when the deadline passed or the task was cancelled.
    package func acquire(deadline: ContinuousClock.Instant) async -> Bool {
        if available > 0 {
            available -= 1
            return true
        }
        if Task.isCancelled || ContinuousClock.now >= deadline { return false }
        let id = nextId
        nextId &+= 1
        // The timer and the cancellation handler both need this actor, so they can only run once
        // the continuation below is registered: `expire` never misses its waiter.
        let timer = Task { [weak self] in
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return
            }
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
    }

    /// Hands the permit to the oldest waiter, or returns it to the pool.
    package func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    /// Number of tasks currently waiting; for tests and metrics.
    package var waiting: Int { waiters.count }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
