/// Why a progress file was judged corrupt; logged, never shown to learners.
struct LoadFailure: Error, Sendable {
    let reason: String
}
