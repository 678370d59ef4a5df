/// An answer that ends the invocation with a non-zero status, as kubectl would.
struct StandinFailure: Error {
    var exitCode: Int32
    var stderr: String
    var stdout: String = ""
}
