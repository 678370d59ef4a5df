import AtelierChecks
import AtelierContent
import AtelierHTTP
import AtelierLessons
import Foundation

/// One open live stream: the learner's cluster panel (`event: cluster`) and the step's checklist
/// judged live (`event: checks`), each sent on connect and then only when it differs from what
/// this stream last sent.
///
/// A refresh is one `CheckEngine.live` call (one kubectl snapshot, shared through the engine's
/// cache), at most one a second, 250 ms after the first change it follows (the watch events of one
/// change come together), and only when something may have changed:
/// - observation on: after each change the observer's watches report for the learner
///   (`ClusterObserver.changes`): an idle learner with the page open costs no kubectl at all;
/// - observation off (`cluster.observeIdleMinutes` 0): every `live.refreshSeconds` — there is no
///   other way to learn that the cluster changed.
/// Every `live.heartbeatSeconds` the token is checked again (a deleted learner's stream ends) and
/// the learner's watch is kept alive. Nothing is recorded in the learner's progress.
struct LiveSession: Sendable {
    let services: AppServices
    let learnerID: String
    let token: String
    let lesson: Lesson
    let step: LessonStep
    let checks: StepChecks
    /// Its place among the learner's streams: a newer stream taking it ends this one.
    let slot: LiveStreams.Slot

    static let minimumInterval: Duration = .seconds(1)
    static let debounce: Duration = .milliseconds(250)

    /// The stream's producer. It runs only once the response is really being sent (the transport
    /// starts it, and cancels it when the client leaves or the server stops): a response dropped
    /// before that (the client gone while the handler ran) leaves nothing running behind it.
    func run(send: @escaping @Sendable (ServerSentEvent) -> Void) async {
        await services.observe(learnerID)
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        slot.onEviction { wake.finish() }
        let heartbeat = Duration.milliseconds(Int(services.config.live.heartbeatSeconds * 1000))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if let changes = await services.changes(of: learnerID) {
                    for await _ in changes { wake.yield() }
                    // The observer ended the stream (learner forgotten, shutdown): so does this one.
                    if !Task.isCancelled { wake.finish() }
                } else {
                    let interval = Duration.milliseconds(Int(services.config.live.refreshSeconds * 1000))
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: interval)
                    }
                }
            }
            group.addTask {
                while true {
                    do { try await Task.sleep(for: heartbeat) } catch { return }
                    guard await stillValid() else {
                        wake.finish()
                        return
                    }
                    await services.observe(learnerID)
                }
            }
            var lastRefresh: ContinuousClock.Instant?
            var sentCluster: [UInt8]?
            var sentChecks: [UInt8]?
            var servedRevision: Int?
            for await _ in wakeups {
                if let lastRefresh {
                    // Debounce: one change of the cluster arrives as several watch events (the
                    // StatefulSet, its Pods, their events); waiting a moment folds them into one refresh.
                    // Coalescing: at most one refresh a second; changes arriving meanwhile leave one
                    // wake-up pending, served after this one (or skipped if this one saw them).
                    let next = max(lastRefresh + Self.minimumInterval, .now + Self.debounce)
                    do { try await Task.sleep(until: next) } catch { break }
                }
                guard await stillValid() else { break }
                let revision = await services.revision(of: learnerID)
                // A wake-up left over from changes the last refresh already saw: nothing to do.
                if let revision, revision == servedRevision { continue }
                lastRefresh = .now
                let state = await services.liveState(learnerID: learnerID, lesson: lesson, step: step, checks: checks,
                                                     revision: revision)
                guard !Task.isCancelled else { break }
                services.liveStreams.served(learnerID, revision: revision)
                servedRevision = revision
                if let view = state.view, let bytes = try? JSONCoding.encoder.encode(view) {
                    let encoded = Array(bytes)
                    if encoded != sentCluster {
                        sentCluster = encoded
                        send(ServerSentEvent(event: "cluster", data: String(decoding: encoded, as: UTF8.self)))
                    }
                }
                if let bytes = try? JSONCoding.encoder.encode(state.checks) {
                    let encoded = Array(bytes)
                    if encoded != sentChecks {
                        sentChecks = encoded
                        send(ServerSentEvent(event: "checks", data: String(decoding: encoded, as: UTF8.self)))
                    }
                }
            }
            group.cancelAll()
        }
    }

    private func stillValid() async -> Bool {
        await services.store.authenticate(token: token)?.id == learnerID
    }
}
