import AtelierHTTP
import Foundation
import Logging

/// Per-address throttles and the checks every state-changing request passes (issue 15, item 4).
/// One instance per application, shared by the handlers through `AppServices`.
final class RequestGuard: Sendable {
    let learnerFailures: AddressThrottle
    let trainerFailures: AddressThrottle
    let registrations: AddressThrottle
    let resumeFailures: AddressThrottle
    private let logger: Logger
    /// `http://host:port` of the configured listening address: an allowed `Origin` besides the `Host`.
    private let serverOrigins: Set<String>

    /// A warning is logged at this many failures from one address, then at every further power of ten.
    static let firstWarning = 10

    init(limits: AppConfig.RateLimits, host: String, port: Int, logger: Logger) {
        learnerFailures = AddressThrottle(.init(burst: limits.failedLearnerAuthBurst, perMinute: limits.failedLearnerAuthPerMinute))
        trainerFailures = AddressThrottle(.init(burst: limits.failedTrainerAuthBurst, perMinute: limits.failedTrainerAuthPerMinute))
        registrations = AddressThrottle(.init(burst: limits.registrationBurst, perMinute: limits.registrationsPerMinute))
        resumeFailures = AddressThrottle(.init(burst: limits.failedResumeBurst, perMinute: limits.failedResumePerMinute))
        self.logger = logger
        serverOrigins = ["http://\(host):\(port)".lowercased(), "https://\(host):\(port)".lowercased()]
    }

    // MARK: - Throttles

    /// 429 before the work when the address has used up its allowance of `throttle` (the refused
    /// attempt is counted, so the warnings go on while it insists).
    func refuseIfThrottled(_ throttle: AddressThrottle, _ request: Request, what: String) throws {
        guard case .refused = throttle.check(request.clientAddress) else { return }
        let (decision, count) = throttle.take(request.clientAddress)
        note(count: count, of: throttle, request, what: what)
        if case .refused(let seconds) = decision {
            throw RateLimitedError(kind: what, retryAfter: seconds)
        }
    }

    /// Records a failed authentication (never the token).
    func recordFailure(_ throttle: AddressThrottle, _ request: Request, what: String) {
        let (_, count) = throttle.take(request.clientAddress)
        note(count: count, of: throttle, request, what: what)
    }

    /// Takes one registration; 429 when the address has none left.
    func takeRegistration(_ request: Request) throws {
        let (decision, count) = registrations.take(request.clientAddress)
        if case .refused(let seconds) = decision {
            note(count: count, of: registrations, request, what: "registration")
            throw RateLimitedError(kind: "registration", retryAfter: seconds)
        }
    }

    /// A warning with the client address at 10, 100, 1000… events since the allowance was last full,
    /// and when the address is first refused.
    private func note(count: Int, of throttle: AddressThrottle, _ request: Request, what: String) {
        if count == throttle.limit.burst + 1 {
            logger.warning("client throttled", metadata: [
                "client": "\(request.clientAddress)", "what": "\(what)", "count": "\(count)",
            ])
        } else if count >= Self.firstWarning, Self.isPowerOfTen(count), what != "registration" {
            logger.warning("repeated authentication failures", metadata: [
                "client": "\(request.clientAddress)", "token": "\(what)", "failures": "\(count)",
            ])
        }
    }

    static func isPowerOfTen(_ value: Int) -> Bool {
        var value = value
        while value >= 10 && value % 10 == 0 { value /= 10 }
        return value == 1
    }

    // MARK: - State-changing requests

    /// A POST (PUT, DELETE) from another site is refused: a browser always sends `Origin` on them, so a
    /// foreign page cannot register learners or run checks through a visitor's browser. No `Origin`
    /// (curl, scripts, tests) and the server's own origin pass.
    func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers["origin"] else { return }
        let given = origin.trimmingCharacters(in: .whitespaces).lowercased()
        if let host = request.headers["host"]?.trimmingCharacters(in: .whitespaces).lowercased(), !host.isEmpty,
           given == "http://\(host)" || given == "https://\(host)" {
            return
        }
        if serverOrigins.contains(given) { return }
        throw HTTPError(403, code: "cross_origin_refused",
                        message: "Requête refusée\u{00A0}: elle vient d'un autre site (en-tête Origin) que ce serveur Atelier.")
    }
}

/// 429 with `Retry-After`: too many failed authentications or registrations from one address.
struct RateLimitedError: HTTPResponseError, Sendable {
    let kind: String
    let retryAfter: Int

    var status: Int { 429 }
    var apiCode: String {
        switch kind {
        case "registration": "too_many_registrations"
        case "resume": "too_many_wrong_resume_codes"
        default: "too_many_failed_authentications"
        }
    }
    var message: String {
        let wait = retryAfter <= 1 ? "une seconde" : (retryAfter < 120 ? "\(retryAfter) secondes" : "\(retryAfter / 60) minutes")
        switch kind {
        case "registration": return "Trop d'inscriptions depuis cette adresse\u{202F}; réessayez dans \(wait)."
        case "resume": return "Trop de codes de reprise erronés depuis cette adresse\u{202F}; réessayez dans \(wait)."
        default: return "Trop d'échecs d'identification depuis cette adresse\u{202F}; réessayez dans \(wait)."
        }
    }
    var headers: [String: String] { ["Retry-After": String(retryAfter)] }
}
