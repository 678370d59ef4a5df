import AtelierSystem

/// Resolves a command name through PATH ourselves, because we call `posix_spawn` (not
/// `posix_spawnp`) to know for certain which file runs and to report « introuvable » precisely.
package enum ExecutableLocator {
    /// Returns an absolute or explicit path to an executable regular file, or nil.
    /// A name containing `/` is taken as a path; otherwise each PATH entry is tried in order
    /// (an empty entry meaning the current directory, as POSIX says).
    package static func locate(_ command: String, environment: [String: String]) -> String? {
        guard !command.isEmpty else { return nil }
        if command.contains("/") {
            return isExecutableFile(command) ? command : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? "." : String(directory)
            let candidate = base.hasSuffix("/") ? base + command : base + "/" + command
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    package static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
