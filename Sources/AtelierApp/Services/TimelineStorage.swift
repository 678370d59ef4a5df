import AtelierCluster
import AtelierProgress

/// The cluster observer's timelines, kept by the progress store's `TimelineFiles`
/// (`<dataDir>/timelines/<learner>.json`, fsync'd).
struct TimelineStorage: TimelinePersistence {
    let files: TimelineFiles

    func loadTimeline(key: String) throws -> [UInt8]? {
        try files.load(learnerId: key)
    }

    func saveTimeline(_ bytes: [UInt8], key: String) throws {
        try files.save(bytes, learnerId: key)
    }
}
