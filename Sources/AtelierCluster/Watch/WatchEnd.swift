/// Why a `kubectl get … --watch` stream ended; the observer restarts it in every case but
/// `cancelled`, listing again first.
package enum WatchEnd: Sendable, Equatable {
    /// kubectl exited (the API server ended the watch after its timeout, or kubectl failed):
    /// its exit status and the last line it printed on stderr.
    case ended(exitStatus: Int32?, lastLine: String)
    /// `410 Gone` / `Expired`: the watch's resource version was compacted.
    case expired
    /// Output that is not a stream of watch events (too large, garbage).
    case unreadable(String)
    /// kubectl could not be started (not found, no resources).
    case failed(KubectlError)
    /// The observer stopped it (idle learner, shutdown).
    case cancelled
}
