/// Markdown → HTML for lessons: CommonMark by cmark in safe mode, plus GFM pipe tables, heading ids,
/// French typography on text, output blocks, block notes, figures and the `:::` containers
/// (`docs/DESIGN.md`, "Lesson Markdown", is the authors' and the browser's contract).
public enum MarkdownRenderer {
    /// Renders a document; a malformed `:::` container is shown as plain Markdown (start-up uses
    /// `render(_:imageURL:)`, which refuses it).
    public static func html(from markdown: String) -> String {
        (try? render(markdown, imageURL: { _ in nil }))?.html ?? CmarkDocument.render(markdown, context: MarkdownRenderContext(imageURL: { _ in nil }))
    }

    /// Renders a document. `imageURL` maps a relative image path of the Markdown (`images/objets.svg`)
    /// to the URL the browser loads; `nil` leaves the image as cmark renders it.
    public static func render(_ markdown: String, imageURL: @escaping (String) -> String?) throws(MarkdownConventionError) -> RenderedMarkdown {
        let source = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        let context = MarkdownRenderContext(imageURL: imageURL)
        let segments = try MarkdownContainerParser.segments(of: source)
        let html = render(segments, context: context)
        return RenderedMarkdown(html: html, images: context.images)
    }

    private static func render(_ segments: [MarkdownSegment], context: MarkdownRenderContext) -> String {
        var html = ""
        for segment in segments {
            switch segment {
            case .markdown(let text):
                html += CmarkDocument.render(text, context: context)
            case .container(.more(let title), let inner):
                let label = title.isEmpty ? "Pour aller plus loin" : "Pour aller plus loin : \(title)"
                html += "<details class=\"lesson-more\">\n<summary>\(CmarkDocument.renderInline(label))</summary>\n"
                html += render(inner, context: context)
                html += "</details>\n"
            case .container(.namespace(let dedicated), let inner):
                html += dedicated ? LessonPersonalization.dedicatedMarker : LessonPersonalization.defaultMarker
                html += "\n" + render(inner, context: context) + LessonPersonalization.endMarker + "\n"
            }
        }
        return html
    }
}

/// A rendered document and the relative image paths it references (the loader serves them).
public struct RenderedMarkdown: Sendable, Equatable {
    public let html: String
    public let images: [String]
}

/// State shared by the pieces of one document: heading ids stay unique across `:::` containers.
final class MarkdownRenderContext {
    var slugs = SlugRegistry()
    let imageURL: (String) -> String?
    private(set) var images: [String] = []

    init(imageURL: @escaping (String) -> String?) {
        self.imageURL = imageURL
    }

    /// The URL to print for an image of the document, recording relative ones.
    func resolve(_ url: String) -> String? {
        guard Self.isRelative(url), let resolved = imageURL(url) else { return nil }
        if !images.contains(url) { images.append(url) }
        return resolved
    }

    /// `images/x.svg`, not `/x`, `#x`, `https://…`, `data:…`.
    static func isRelative(_ url: String) -> Bool {
        guard let first = url.first, first != "/", first != "#", !url.isEmpty else { return false }
        let beforeSlash = url.prefix { $0 != "/" }
        return !beforeSlash.contains(":") && !url.contains("?") && !url.contains("\\")
    }
}
