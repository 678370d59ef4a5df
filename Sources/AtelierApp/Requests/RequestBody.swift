import AtelierHTTP
import Foundation

/// Parses JSON request bodies strictly: an object, known keys only, or an empty body.
enum RequestBody {
    static func object(_ request: Request, allowedKeys: Set<String>) throws -> [String: Any] {
        let trimmed = request.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.isEmpty { return [:] }
        // A body without `Content-Type: application/json` is refused: a cross-site form or `text/plain`
        // fetch cannot post JSON-looking bodies without a CORS preflight this server never grants.
        guard let type = request.headers["content-type"], type.lowercased().trimmingCharacters(in: .whitespaces)
            .split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) == "application/json" }) == true else {
            throw HTTPError(415, code: "unsupported_media_type", message: "Le corps de la requête doit être du JSON (application/json).")
        }
        let object: Any
        do {
            // Foundation on Linux tolerates `{"a": 1,}`; JSON does not.
            guard !RequestBody.hasTrailingComma(request.body) else { throw CocoaError(.propertyListReadCorrupt) }
            object = try JSONSerialization.jsonObject(with: Data(request.body))
        } catch {
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

    /// True when a `,` outside strings is followed (after white space) by `}` or `]`.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var inString = false
        var escaped = false
        var pendingComma = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true; pendingComma = false
            case UInt8(ascii: ","): pendingComma = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if pendingComma { return true }
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: pendingComma = false
            }
        }
        return false
    }
}
