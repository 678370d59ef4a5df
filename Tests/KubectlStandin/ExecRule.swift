import Foundation

/// One answer to `kubectl exec POD -c CONTAINER -- COMMAND…`.
struct ExecRule: Decodable {
    var pod: String
    /// nil matches any container.
    var container: String?
    /// Exact argv of the command.
    var command: [String]?
    /// Or: a regular expression the argv joined with single spaces must match.
    var commandRegex: String?
    /// `{{namespace}}` is replaced by the namespace asked for.
    var stdout: String?
    var stderr: String?
    var exitCode: Int32?

    func matches(pod: String, container: String, command: [String]) -> Bool {
        guard self.pod == pod, self.container.map({ $0 == container }) ?? true else { return false }
        if let exact = self.command { return exact == command }
        if let pattern = commandRegex, let regex = try? NSRegularExpression(pattern: pattern) {
            let joined = command.joined(separator: " ")
            return regex.firstMatch(in: joined, range: NSRange(joined.startIndex..., in: joined)) != nil
        }
        return false
    }
}
