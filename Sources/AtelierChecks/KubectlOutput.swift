/// What one kubectl process printed, whatever its exit status.
///
/// The snapshot needs stdout even on exit 1: a Forbidden list still prints the objects it could
/// read. stdout may hold Secret data, so it is never logged.
struct KubectlOutput: Sendable {
    var exitStatus: Int32
    var stdout: [UInt8]
    var stderr: String
    var duration: Duration
}
