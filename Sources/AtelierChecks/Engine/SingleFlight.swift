import AtelierCluster
import AtelierContent

/// Coalesces identical concurrent operations: while one is in flight, callers with the same key
/// await its result instead of starting another.
///
/// A class clicking « Vérifier » on the same step of a shared namespace would otherwise spawn
/// one kubectl storm per click.
actor SingleFlight<Key: Hashable & Sendable, Value: Sendable> {
    private var inFlight: [Key: Task<Value, Never>] = [:]

    func run(_ key: Key, _ operation: @escaping @Sendable () async -> Value) async -> Value {
        if let task = inFlight[key] {
            return await task.value
        }
        let task = Task { await operation() }
        inFlight[key] = task
        let value = await task.value
        inFlight[key] = nil
        return value
    }
}
