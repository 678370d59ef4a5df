import AtelierHTTP
import Foundation

/// One learner's click on « Vérifier »: the same learner, step and answers make the same click.
struct CheckClick: Hashable, Sendable {
    let learner: String
    let lesson: String
    let step: String
    let answers: [String: [String]]?
}

/// Coalesces a learner's identical clicks while the first one runs: the others wait for its answer
/// instead of recording their own run. Fifty impatient clicks are one attempt, not a failure streak
/// of fifty that flags the learner as stuck. Different learners never share a record.
final class CheckClicks: @unchecked Sendable {  // `inFlight` and `joined` are guarded by `lock`.
    private let lock = NSLock()
    private var inFlight: [CheckClick: Task<Result<Response, any Error>, Never>] = [:]
    private var joined = 0

    /// Clicks currently waiting on another click's run (the `atelier_check_clicks_joined` gauge).
    var waiting: Int { lock.withLock { joined } }

    func run(_ click: CheckClick, _ operation: @escaping @Sendable () async throws -> Response) async throws -> Response {
        let (task, isLeader) = lock.withLock { () -> (Task<Result<Response, any Error>, Never>, Bool) in
            if let running = inFlight[click] {
                joined += 1
                return (running, false)
            }
            let task = Task { () -> Result<Response, any Error> in
                do { return .success(try await operation()) } catch { return .failure(error) }
            }
            inFlight[click] = task
            return (task, true)
        }
        let result = await task.value
        lock.withLock {
            if isLeader { inFlight[click] = nil } else { joined -= 1 }
        }
        return try result.get()
    }
}
