import Foundation

/// A value guarded by a lock, for state touched from GCD threads and async tasks alike.
/// Critical sections are short (dictionary look-ups), never around I/O.
final class LockedState<State>: @unchecked Sendable {  // All access goes through `lock`.
    private let lock = NSLock()
    private var state: State

    init(_ state: State) {
        self.state = state
    }

    func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
