/// Where the observer keeps each learner's timeline between restarts (the app wires the progress
/// store's `TimelineFiles` here). `save` returns only once the bytes are durable.
package protocol TimelinePersistence: Sendable {
    func loadTimeline(key: String) throws -> [UInt8]?
    func saveTimeline(_ bytes: [UInt8], key: String) throws
}
