/// A canned failure: what kubectl prints and its exit status.
struct FailureConfig: Decodable {
    var exitCode: Int32
    var stderr: String
    var stdout: String?
    /// `all` (default), `get` or `exec`.
    var appliesTo: String?
}
