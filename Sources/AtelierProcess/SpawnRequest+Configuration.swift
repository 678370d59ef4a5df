import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

extension SpawnRequest {
    /// The swift-subprocess configuration that keeps our guarantees: the exact file (no PATH search
    /// by the library: `ExecutableLocator` resolved it), the exact argv including argv[0], exactly
    /// the environment given, and a process group of its own (pgid = pid), so that signalling the
    /// group reaches whatever the child starts (the real kubectl behind `microk8s kubectl`).
    /// The library also spawns with an empty signal mask and default dispositions, closes every
    /// descriptor above 2 and gives the child /dev/null as stdin (`input: .none`).
    var configuration: Configuration {
        Self.configuration(executablePath: executablePath, arguments: arguments, environment: environment,
                           terminationGrace: terminationGrace)
    }

    static func configuration(executablePath: String, arguments: [String], environment: [String],
                              terminationGrace: Duration) -> Configuration {
        var options = PlatformOptions()
        options.processGroupID = 0
        // Used by the library when the awaiting task is cancelled or the body throws.
        options.teardownSequence = GroupTeardown.steps(grace: terminationGrace)
        return Configuration(
            executable: .path(FilePath(executablePath)),
            arguments: Arguments(executablePathOverride: arguments.first, remainingValues: Array(arguments.dropFirst())),
            // Raw `NAME=value` entries, NUL-terminated as the library's raw form expects.
            environment: .custom(environment.map { Array($0.utf8) + [0] }),
            platformOptions: options)
    }
}
