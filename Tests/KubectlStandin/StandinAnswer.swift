/// What one invocation prints and how it exits.
struct StandinAnswer {
    var stdout = ""
    var stderr = ""
    var exitCode: Int32 = 0
}
