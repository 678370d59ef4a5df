import AtelierContent

/// One check of the live checklist (`event: checks` of the live stream): a verdict computed from
/// the shared snapshot, or `pending` when only « Vérifier » can judge it.
public struct LiveCheck: Codable, Sendable, Equatable {
    public var id: String
    /// `passed`, `failed`, `error`, `skipped` (as a check run) or `pending`.
    public var status: String
    public var message: String

    public init(id: String, status: String, message: String) {
        self.id = id
        self.status = status
        self.message = message
    }

    static let pendingStatus = "pending"
    /// An exec check (a command in a pod) or one that lists outside the namespace.
    static let pendingMessage = "Vérifiée seulement par «\u{202F}Vérifier\u{202F}» (commande dans un pod ou ressource hors de votre namespace)."
    /// A check whose prerequisite is itself pending.
    static func waitingMessage(for title: String) -> String {
        "En attente de «\u{202F}\(title)\u{202F}», vérifiée par «\u{202F}Vérifier\u{202F}»."
    }
}

/// The body of `event: checks`: `{"checks": [...], "step": STEP}`.
public struct LiveChecks: Codable, Sendable, Equatable {
    public var step: String
    public var checks: [LiveCheck]

    public init(step: String, checks: [LiveCheck]) {
        self.step = step
        self.checks = checks
    }
}

/// What one live refresh computed from one snapshot: the observation panel (nil when the lesson
/// has none) and the step's checklist.
public struct LiveState: Sendable {
    public var view: ClusterView?
    public var checks: LiveChecks

    package init(view: ClusterView?, checks: LiveChecks) {
        self.view = view
        self.checks = checks
    }
}
