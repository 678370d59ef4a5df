/// Why a learner's kubeconfig is refused: a precise French message for the learner, and a code
/// the App turns into `400 kubeconfig_<code>`.
///
/// A kubeconfig is code that kubectl runs: anything beyond « talk to this one API server with
/// these inline credentials » (a command to execute, a file of the server to read, a proxy, a
/// host that is not a private address…) is refused by name.
public struct KubeconfigRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not text, empty, or larger than the limit.
        case notText = "not_text"
        case tooLarge = "too_large"
        /// kubectl could not read it (YAML/JSON syntax, wrong types).
        case unreadable
        /// No cluster, user or context, or a context naming another cluster or user.
        case incomplete
        /// More than one cluster, user or context.
        case multiple
        /// A user with `exec` (kubectl would run that command on the server).
        case exec
        /// A user with `auth-provider` (plugins that run commands or read files).
        case authProvider = "auth_provider"
        /// `client-certificate`, `client-key`, `tokenFile`, `certificate-authority`: paths on the server.
        case fileReference = "file_reference"
        /// `proxy-url`: kubectl would connect elsewhere than the server address.
        case proxy
        /// A server address that is not `https://ADDRESS[:PORT][/path]`.
        case serverMalformed = "server_malformed"
        /// A server given by host name: it could resolve to another machine at each call.
        case serverHostName = "server_host_name"
        /// A server address outside `cluster.allowedServers`.
        case serverNotAllowed = "server_not_allowed"
        /// A field this server does not know to be harmless.
        case unknownField = "unknown_field"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
