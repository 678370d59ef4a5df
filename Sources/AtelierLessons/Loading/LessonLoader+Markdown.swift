import Foundation

/// The images a lesson's Markdown shows: lesson-relative path → the name they are served under.
struct LessonImages {
    let lessonID: String
    /// Lesson-relative paths (`images/objets.svg`) in order of first use, and who used them first.
    private(set) var paths: [(path: String, usedBy: String)] = []

    init(lessonID: String) {
        self.lessonID = lessonID
    }

    mutating func use(_ path: String, by file: String) {
        if !paths.contains(where: { $0.path == path }) { paths.append((path, file)) }
    }

    /// The URL the browser loads (the lesson's files route, `img-src 'self'` in the CSP).
    func url(for path: String) -> String {
        "/api/lessons/\(lessonID)/files/\((path as NSString).lastPathComponent)"
    }

    /// Served types; anything else stops start-up.
    static let contentTypes: [String: String] = [
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
    ]
}

extension LessonLoader {
    /// Renders one Markdown file of the lesson; its `:::` blocks must be well formed and its relative
    /// images (relative to the Markdown file, as a Markdown previewer reads them) inside the lesson folder.
    func renderMarkdown(_ relative: String, images: inout LessonImages) throws(LessonLoadError) -> String {
        let text = try readText(relative)
        let folder = (relative as NSString).deletingLastPathComponent
        var referenced: [String] = []
        var outside: [String] = []
        let rendered: RenderedMarkdown
        do {
            rendered = try MarkdownRenderer.render(text) { [images] url in
                guard let path = Self.lessonPath(url, from: folder) else { outside.append(url); return nil }
                referenced.append(path)
                return images.url(for: path)
            }
        } catch {
            throw self.error(.invalidManifest, relative, "\(error)")
        }
        if let url = outside.first {
            throw self.error(.invalidManifest, relative, "image « \(url) » hors du dossier de la leçon")
        }
        for path in referenced { images.use(path, by: relative) }
        return rendered.html
    }

    /// Reads every image the Markdown uses; a missing file, an unknown type, two images with the same
    /// name, an image named like a downloadable file, or an SVG carrying script stops start-up.
    func loadImages(_ images: LessonImages, files: [LessonFile]) throws(LessonLoadError) -> [LessonFile] {
        var loaded: [LessonFile] = []
        for (path, usedBy) in images.paths {
            let name = (path as NSString).lastPathComponent
            let suffix = (name as NSString).pathExtension.lowercased()
            guard let type = LessonImages.contentTypes[suffix] else {
                throw error(.invalidManifest, usedBy, "image « \(path) » : format non pris en charge (svg, png, jpg, webp)")
            }
            guard !loaded.contains(where: { $0.name == name }), !files.contains(where: { $0.name == name }) else {
                throw error(.duplicateFile, usedBy, "deux fichiers de la leçon s'appellent « \(name) »")
            }
            let bytes = try read(path)
            if suffix == "svg" {
                let text = String(decoding: bytes, as: UTF8.self).lowercased()
                if text.contains("<script") || text.contains("javascript:") || text.contains("<foreignobject") {
                    throw error(.invalidManifest, path, "une image SVG ne doit contenir ni script ni foreignObject")
                }
            }
            loaded.append(LessonFile(name: name, contentType: type, bytes: [UInt8](bytes)))
        }
        return loaded
    }

    /// `../images/x.svg` seen from `steps/` → `images/x.svg`; `nil` when it leaves the lesson folder.
    static func lessonPath(_ url: String, from folder: String) -> String? {
        guard MarkdownRenderContext.isRelative(url) else { return nil }
        var parts = folder.split(separator: "/").map(String.init)
        for component in url.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
