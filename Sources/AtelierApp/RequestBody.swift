import AtelierHTTP
import Foundation

/// Parses JSON request bodies strictly: an object, known keys only, or an empty body.
enum RequestBody {
    static func object(_ request: Request, allowedKeys: Set<String>) throws -> [String: Any] {
        let trimmed = request.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.isEmpty { return [:] }
        if let type = request.headers["content-type"], !type.lowercased().hasPrefix("application/json") {
            throw HTTPError(415, code: "unsupported_media_type", message: "Le corps de la requête doit être du JSON (application/json).")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(request.body)) } catch {
            throw HTTPError.badRequest("invalid_json", "Le corps de la requête n'est pas du JSON valide.")
        }
        guard let fields = object as? [String: Any] else {
            throw HTTPError.badRequest("invalid_json", "Le corps de la requête doit être un objet JSON.")
        }
        if let unknown = Set(fields.keys).subtracting(allowedKeys).sorted().first {
            throw HTTPError.badRequest("unknown_field", "Champ inconnu « \(AppServices.clip(unknown)) » dans la requête.")
        }
        return fields
    }
}
