import AtelierCluster
import AtelierContent
import AtelierHTTP
import AtelierLessons
import AtelierProgress

// The domain modules do not know HTTP; their errors get their HTTP answer here, once, and the
// dispatcher renders any `HTTPResponseError`. Details (`underlying`) go to the log only.

extension ProgressStoreError: HTTPResponseError {
    public var status: Int {
        switch code {
        case .invalidIdentifier, .classCodeUnknown, .classArchived, .tooManyClasses: 400
        case .learnerNotFound, .unknownStep, .classNotFound, .resumeCodeUnknown: 404
        case .storageFailure, .closed: 503
        }
    }
}

extension LearnerNameError: HTTPResponseError {
    public var status: Int { 400 }
}

/// A target that cannot be resolved: per-learner settings without (or with a malformed) learner
/// is a 401; any other problem is the server's configuration (500, logged).
extension ClusterSettingsError: HTTPResponseError {
    public var status: Int {
        switch code {
        case .learnerRequired, .invalidLearnerId: 401
        default: 500
        }
    }

    public var apiCode: String { status == 401 ? "unauthorized" : "cluster_target_invalid" }

    public var headers: [String: String] { status == 401 ? ["WWW-Authenticate": "Bearer"] : [:] }
}

/// Compiled at start-up, so never seen by a request; a 500 if a future route compiles checks.
extension CheckSpecError: HTTPResponseError {
    public var status: Int { 500 }
    public var apiCode: String { "invalid_check" }
}

extension ConfigError: HTTPResponseError {
    public var status: Int { 500 }
    public var apiCode: String { "invalid_config" }
    public var message: String { "La configuration du serveur est invalide (\(key)) : \(detail)" }
}

/// A learner's kubeconfig that Atelier will not use: 400 with the precise French reason.
extension KubeconfigRefusal: HTTPResponseError {
    public var status: Int { code == .tooLarge ? 413 : 400 }
    public var apiCode: String { "kubeconfig_" + code.rawValue }
}
