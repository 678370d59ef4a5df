/// One line of the stand-in's invocation log.
struct Invocation: Sendable {
    var argv: [String]
    var pid: Int32
    var childPid: Int32?
}
