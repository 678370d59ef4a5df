import AtelierContent

extension KubectlRunner {
    /// Output caps and the SIGTERM→SIGKILL grace. The defaults fit kubectl in a lesson
    /// namespace (a few hundred KiB of JSON); tests lower them to stay fast.
    public struct Limits: Sendable, Hashable {
        public var stdoutBytes: Int
        public var stderrBytes: Int
        public var terminationGrace: Duration

        public init(stdoutBytes: Int = 8 << 20, stderrBytes: Int = 64 << 10, terminationGrace: Duration = .milliseconds(500)) {
            self.stdoutBytes = stdoutBytes
            self.stderrBytes = stderrBytes
            self.terminationGrace = terminationGrace
        }
    }
}
