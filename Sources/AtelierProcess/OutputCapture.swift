import Subprocess

/// Reads one pipe to its end under a cap. Past the cap the bytes are read and dropped, so a child
/// being stopped never blocks on a full pipe; `onOverflow` runs once, when the cap is first passed.
enum OutputCapture {
    static func collect(
        _ output: SubprocessOutputSequence, limit: Int, onOverflow: @Sendable () -> Void
    ) async -> [UInt8] {
        var bytes: [UInt8] = []
        var overflowed = false
        do {
            for try await chunk in output {
                if overflowed { continue }
                if bytes.count + chunk.count > limit {
                    overflowed = true
                    chunk.withUnsafeBytes { bytes += $0.prefix(max(0, limit - bytes.count)) }
                    onOverflow()
                } else {
                    chunk.withUnsafeBytes { bytes += $0 }
                }
            }
        } catch {
            // A read error ends the capture with what was read; the child is still waited for.
        }
        return bytes
    }
}
