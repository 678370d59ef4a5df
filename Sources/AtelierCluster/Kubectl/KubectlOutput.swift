import AtelierContent

/// What one kubectl process printed, whatever its exit status.
///
/// The snapshot needs stdout even on exit 1: a Forbidden list still prints the objects it could
/// read. stdout may hold Secret data, so it is never logged.
package struct KubectlOutput: Sendable {
    package var exitStatus: Int32
    package var stdout: [UInt8]
    package var stderr: String
    package var duration: Duration
}
