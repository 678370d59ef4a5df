import AtelierCluster
import AtelierHTTP
import AtelierProgress
import Foundation

extension AppRoutes {
    /// « Connecter mon cluster » (issue 14, item 6): a learner hands Atelier their own cluster's
    /// kubeconfig (`microk8s config`); their checks, environment indicator and watches then use it.
    static func registerKubeconfig(on router: inout Router, services: AppServices) {
        router.get("/api/me/kubeconfig") { request, _ in
            let learner = try await services.learner(of: request)
            let server = services.kubeconfigs?.server(learnerId: learner.id)
            return try Response.json(KubeconfigStatusView(enabled: services.kubeconfigs != nil,
                                                          connected: server != nil, server: server))
        }
        router.on(.put, "/api/me/kubeconfig", guardedBy: services.guards) { request, _ in
            let learner = try await services.learner(of: request)
            let files = try services.requireLearnerKubeconfigs()
            let upload = try KubeconfigUpload.text(of: request)
            let accepted: LearnerKubeconfig
            do {
                accepted = try await files.withScratchCopy(upload) { path in
                    try await services.engine.runner.readLearnerKubeconfig(file: path)
                }
            } catch let refusal as KubeconfigRefusal {
                services.logger.info("kubeconfig refusé", metadata: ["learner": "\(learner.id)", "reason": "\(refusal.code.rawValue)"])
                throw refusal
            } catch {
                throw KubeconfigUpload.storageFailure(error, services)
            }
            do {
                try files.save(accepted.normalized, learnerId: learner.id)
            } catch {
                throw KubeconfigUpload.storageFailure(error, services)
            }
            services.logger.info("kubeconfig enregistré", metadata: ["learner": "\(learner.id)", "server": "\(accepted.server)"])
            return Response(status: 204)
        }
        router.on(.delete, "/api/me/kubeconfig", guardedBy: services.guards) { request, _ in
            let learner = try await services.learner(of: request)
            let files = try services.requireLearnerKubeconfigs()
            do {
                try files.remove(learnerId: learner.id)
            } catch {
                throw KubeconfigUpload.storageFailure(error, services)
            }
            services.logger.info("kubeconfig retiré", metadata: ["learner": "\(learner.id)"])
            return Response(status: 204)
        }
    }
}

extension AppServices {
    /// The kubeconfig store, or 403 when `cluster.learnerKubeconfig` is off.
    func requireLearnerKubeconfigs() throws -> KubeconfigFiles {
        guard let kubeconfigs else {
            throw HTTPError(403, code: "learner_kubeconfig_disabled",
                message: "Ce serveur Atelier n'accepte pas de kubeconfig d'apprenant (cluster.learnerKubeconfig est désactivé)\u{00A0}: demandez à votre formateur.")
        }
        return kubeconfigs
    }
}

/// The body of `PUT /api/me/kubeconfig`: UTF-8 text of at most 64 KiB.
enum KubeconfigUpload {
    static let maximumBytes = 64 << 10

    static func text(of request: Request) throws -> [UInt8] {
        let body = request.body
        guard body.count <= maximumBytes else {
            throw KubeconfigRefusal(.tooLarge, "Ce kubeconfig dépasse 64\u{00A0}Kio\u{00A0}: celui de «\u{202F}microk8s config\u{202F}» fait quelques Kio. Collez-le seul.")
        }
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw KubeconfigRefusal(.notText, "Collez le kubeconfig de votre cluster (la sortie de «\u{202F}microk8s config\u{202F}»)\u{00A0}: le texte envoyé est vide.")
        }
        guard !body.contains(0), String(validating: body, as: UTF8.self) != nil else {
            throw KubeconfigRefusal(.notText, "Ce kubeconfig n'est pas du texte UTF-8\u{00A0}: collez la sortie de «\u{202F}microk8s config\u{202F}» telle quelle.")
        }
        return body
    }

    /// A file of the kubeconfig folder could not be written or removed: 503, details in the log only.
    static func storageFailure(_ error: any Error, _ services: AppServices) -> HTTPError {
        services.logger.error("kubeconfig: échec d'écriture", metadata: ["error": "\(error)"])
        return HTTPError(503, code: "storage_failure",
                         message: "Le serveur n'a pas pu enregistrer votre kubeconfig (disque)\u{00A0}; réessayez plus tard ou prévenez votre formateur.")
    }
}

/// `GET /api/me/kubeconfig`: whether the feature is on and which API server the learner's
/// kubeconfig names. Never the kubeconfig itself.
struct KubeconfigStatusView: Encodable {
    let enabled: Bool
    let connected: Bool
    let server: String?

    /// `server` is written as `null` when absent (synthesized Encodable would drop the key).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(connected, forKey: .connected)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(server, forKey: .server)
    }

    enum CodingKeys: String, CodingKey { case enabled, connected, server }
}
