import Foundation

/// Serves the browser app from one folder: small files are read once at start-up and sent from memory
/// without copies; larger ones are read per request. No listing, no dot files, no way out of the folder.
public final class StaticFiles: Sendable {
    struct Entry: Sendable {
        let buffer: SharedBuffer?
        let url: URL
        let etag: String
        let contentType: String
        let size: Int
    }

    /// Files up to this size are kept in memory.
    public static let memoryLimit = 1 << 20

    private let entries: [String: Entry]
    private let aliases: [String: String]
    /// The complete answers of the files kept in memory, by request path (`/app.js`, and each alias such
    /// as `/`), built once: a request for one of these paths is answered by one dictionary lookup. A
    /// key is always a clean path, so a hit needs none of the checks of `relativePath(for:aliases:)`.
    let prebuilt: [String: Prebuilt]

    struct Prebuilt: Sendable {
        let response: Response
        let notModified: Response
        let etag: String
    }

    /// Indexes `directory` recursively. `aliases` maps request paths to files (`/` → `index.html`).
    public init(directory: URL, aliases: [String: String] = ["/": "index.html"]) throws {
        var entries: [String: Entry] = [:]
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey],
            options: [.skipsHiddenFiles]) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path])
        }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true else { continue }
            let resolved = url.resolvingSymlinksInPath().path
            guard resolved.hasPrefix(prefix) else { continue }  // a link pointing outside is not served
            let relative = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            let size = values.fileSize ?? 0
            let type = MIMETypes.type(forPath: relative)
            if size <= StaticFiles.memoryLimit {
                let bytes = [UInt8](try Data(contentsOf: url))
                entries[relative] = Entry(buffer: SharedBuffer(bytes), url: url, etag: StaticFiles.etag(of: bytes),
                                          contentType: type, size: bytes.count)
            } else {
                entries[relative] = Entry(buffer: nil, url: url, etag: "", contentType: type, size: size)
            }
        }
        self.entries = entries
        self.aliases = aliases
        var prebuilt: [String: Prebuilt] = [:]
        for (relative, entry) in entries {
            if let answer = StaticFiles.prebuilt(entry) { prebuilt["/" + relative] = answer }
        }
        for (path, relative) in aliases {
            if let entry = entries[relative], let answer = StaticFiles.prebuilt(entry) { prebuilt[path] = answer }
        }
        self.prebuilt = prebuilt
    }

    private static func prebuilt(_ entry: Entry) -> Prebuilt? {
        guard let buffer = entry.buffer else { return nil }
        let headers = headers(contentType: entry.contentType, etag: entry.etag)
        return Prebuilt(response: Response(status: 200, headers: headers, body: .shared(buffer)),
                        notModified: Response(status: 304, headers: headers), etag: entry.etag)
    }

    private static func headers(contentType: String, etag: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        // No build step, no fingerprinted names: let browsers keep files but revalidate each use.
        headers.set("Cache-Control", "no-cache")
        headers.set("ETag", etag)
        return headers
    }

    public var fileCount: Int { entries.count }

    /// Answers a GET/HEAD for `path` (already percent-decoded by the server).
    public func respond(to request: Request) throws -> Response {
        if let answer = prebuilt[request.path] {
            if let candidates = request.headers["if-none-match"], StaticFiles.matches(candidates, answer.etag) {
                return answer.notModified
            }
            return answer.response
        }
        let relative = try StaticFiles.relativePath(for: request.path, aliases: aliases)
        guard let entry = entries[relative] else {
            throw HTTPError.notFound("file_not_found", "Fichier introuvable.")
        }
        if let answer = StaticFiles.prebuilt(entry) {
            if let candidates = request.headers["if-none-match"], StaticFiles.matches(candidates, answer.etag) {
                return answer.notModified
            }
            return answer.response
        }
        let bytes = try [UInt8](Data(contentsOf: entry.url))
        let etag = StaticFiles.etag(of: bytes)
        let headers = StaticFiles.headers(contentType: entry.contentType, etag: etag)
        if let candidates = request.headers["if-none-match"], StaticFiles.matches(candidates, etag) {
            return Response(status: 304, headers: headers)
        }
        return Response(status: 200, headers: headers, body: .bytes(bytes))
    }

    /// Maps a request path to a file key, refusing traversal, empty segments, dot files and backslashes.
    static func relativePath(for path: String, aliases: [String: String]) throws -> String {
        if let alias = aliases[path] { return alias }
        if let plain = plainRelativePath(path) { return plain }
        guard path.hasPrefix("/"), !path.utf8.contains(UInt8(ascii: "\\")), !path.utf8.contains(0) else {
            throw HTTPError.badRequest("invalid_path", "Chemin de fichier invalide.")
        }
        // A folder (trailing slash) is never listed.
        if path.hasSuffix("/") { throw HTTPError.notFound("file_not_found", "Fichier introuvable.") }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." {
                throw HTTPError.badRequest("invalid_path", "Chemin de fichier invalide.")
            }
            if segment.hasPrefix(".") { throw HTTPError.notFound("file_not_found", "Fichier introuvable.") }
        }
        return segments.joined(separator: "/")
    }

    /// The common case in one pass over the bytes: `/a/b.js` with no empty, dot or dot-dot segment,
    /// no backslash, no NUL and no trailing slash is `a/b.js`; anything else (`nil`) takes the full check.
    static func plainRelativePath(_ path: String) -> String? {
        let bytes = path.utf8
        guard bytes.count > 1, bytes.first == UInt8(ascii: "/") else { return nil }
        var previous = UInt8(ascii: "/")
        for byte in bytes.dropFirst() {
            if byte == UInt8(ascii: "\\") || byte == 0 { return nil }
            if previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) { return nil }
            previous = byte
        }
        guard previous != UInt8(ascii: "/") else { return nil }
        return String(path.utf8.dropFirst())
    }

    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let value = candidate.trimmingCharacters(in: .whitespaces)
            return value == "*" || value == etag || value == "W/" + etag
        }
    }

    /// A strong validator from the content: 64-bit FNV-1a plus the length.
    static func etag(of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "-" + String(bytes.count, radix: 16) + "\""
    }
}
