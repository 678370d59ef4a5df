import CAtelierSystem

/// Signal dispositions without glibc's `struct sigaction` internals (`__sigaction_handler`): the
/// only Swift file that imports the C shim.
public enum SignalHandler {
    /// Installs `handler` for `signal` with an empty mask and SA_RESTART. The handler runs on
    /// whichever thread the kernel picks and may only do async-signal-safe work (a `write`).
    public static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) throws(SystemCallError) {
        try syscall("sigaction") { atelier_install_signal_handler(signal, handler) }
    }

    /// Puts back the default disposition.
    public static func reset(_ signal: Int32) throws(SystemCallError) {
        try syscall("sigaction") { atelier_reset_signal_handler(signal) }
    }
}
