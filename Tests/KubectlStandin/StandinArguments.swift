/// The kubectl command line, parsed the way kubectl (cobra/pflag) reads it: global flags may
/// come before or after the sub-command, `--flag=value` or `--flag value`, and everything after
/// `--` belongs to the command run by `exec`.
struct StandinArguments {
    var verb: String?
    var positionals: [String] = []
    var namespace: String?
    var context: String?
    var kubeconfig: String?
    var requestTimeout: String?
    var selector: String?
    var output: String?
    var container: String?
    var ignoreNotFound = false
    var clientOnly = false
    /// `config view --raw`: inline data and secrets printed as they are.
    var raw = false
    /// `--watch` / `-w`: stream changes after the initial list.
    var watch = false
    /// `--output-watch-events`: wrap each printed object in `{"type", "object"}`.
    var outputWatchEvents = false
    /// `-A` / `--all-namespaces`.
    var allNamespaces = false
    var command: [String] = []

    /// Flags whose value is the next argument when not written `--flag=value`.
    private static let valued: Set<String> = [
        "-n", "--namespace", "--context", "--kubeconfig", "--request-timeout", "-l", "--selector", "-o", "--output",
        "-c", "--container", "--cluster", "--user", "--server", "--token",
    ]

    static func parse(_ arguments: [String]) throws(StandinFailure) -> StandinArguments {
        var parsed = StandinArguments()
        var index = 0
        var sawKubectlWord = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                parsed.command = Array(arguments[index...])
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                // `microk8s kubectl get …` reaches us as `kubectl get …` when we stand in for microk8s.
                if parsed.verb == nil && argument == "kubectl" && !sawKubectlWord {
                    sawKubectlWord = true
                    continue
                }
                if parsed.verb == nil { parsed.verb = argument } else { parsed.positionals.append(argument) }
                continue
            }
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else if !argument.hasPrefix("--"), argument.count > 2, valued.contains(String(argument.prefix(2))) {
                name = String(argument.prefix(2))
                value = String(argument.dropFirst(2))
            }
            if valued.contains(name), value == nil {
                guard index < arguments.count else {
                    throw StandinFailure(exitCode: 1, stderr: "error: flag needs an argument: \(name)\n")
                }
                value = arguments[index]
                index += 1
            }
            switch name {
            case "-n", "--namespace": parsed.namespace = value
            case "--context": parsed.context = value
            case "--kubeconfig": parsed.kubeconfig = value
            case "--request-timeout": parsed.requestTimeout = value
            case "-l", "--selector": parsed.selector = value
            case "-o", "--output": parsed.output = value
            case "-c", "--container": parsed.container = value
            case "--ignore-not-found": parsed.ignoreNotFound = value.map { $0 != "false" } ?? true
            case "--raw": parsed.raw = value.map { $0 != "false" } ?? true
            case "--client": parsed.clientOnly = value.map { $0 != "false" } ?? true
            case "-w", "--watch": parsed.watch = value.map { $0 != "false" } ?? true
            case "--output-watch-events": parsed.outputWatchEvents = value.map { $0 != "false" } ?? true
            case "-A", "--all-namespaces": parsed.allNamespaces = value.map { $0 != "false" } ?? true
            case "-i", "--stdin", "-t", "--tty", "-it", "-ti", "--cluster", "--user", "--server", "--token": break
            default:
                throw StandinFailure(exitCode: 1, stderr: "error: unknown flag: \(name)\nSee 'kubectl --help' for usage.\n")
            }
        }
        return parsed
    }
}
