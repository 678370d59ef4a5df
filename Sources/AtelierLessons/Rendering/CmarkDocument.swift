import AtelierContent
import CCmark

/// The only file that touches cmark. Parses CommonMark, rewrites the node tree (GFM pipe tables,
/// heading ids, output blocks and block notes, lesson figures, French typography on text) and
/// renders HTML in cmark's safe mode (raw HTML and dangerous URLs are dropped).
/// Every node and string cmark hands back is freed here, with `defer`.
enum CmarkDocument {
    /// Renders a whole Markdown document (or one piece between `:::` markers).
    static func render(_ markdown: String) -> String {
        render(markdown, context: MarkdownRenderContext(imageURL: { _ in nil }))
    }

    static func render(_ markdown: String, context: MarkdownRenderContext) -> String {
        let source = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let options = atelier_cmark_opt_sourcepos() | atelier_cmark_opt_validate_utf8()
        guard let document = cmark_parse_document(source, source.utf8.count, options) else { return "" }
        defer { cmark_node_free(document) }
        cmark_consolidate_text_nodes(document)
        replaceTables(in: document, lines: lines)
        addHeadingIdentifiers(in: document, slugs: &context.slugs)
        rewriteCodeBlocks(in: document)
        rewriteImages(in: document, context: context)
        applyTypography(in: document)
        return html(of: document)
    }

    /// Renders Markdown that must stay inline (a table cell, a summary): the content of its single
    /// paragraph, with French typography. Text that cmark would read as another block (a list, a
    /// heading) is shown escaped instead.
    static func renderInline(_ markdown: String) -> String {
        let trimmed = markdown.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "" }
        guard let document = cmark_parse_document(trimmed, trimmed.utf8.count, atelier_cmark_opt_validate_utf8()) else {
            return HTMLEscaping.escape(FrenchTypography.apply(trimmed))
        }
        defer { cmark_node_free(document) }
        cmark_consolidate_text_nodes(document)
        applyTypography(in: document)
        let rendered = html(of: document)
        if rendered.hasPrefix("<p>") && rendered.hasSuffix("</p>\n") {
            return String(rendered.dropFirst(3).dropLast(5))
        }
        return HTMLEscaping.escape(FrenchTypography.apply(trimmed))
    }

    private static func html(of node: OpaquePointer) -> String {
        guard let pointer = cmark_render_html(node, atelier_cmark_opt_default()) else { return "" }
        defer { atelier_cmark_free(pointer) }
        return String(cString: pointer)
    }

    fileprivate static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    /// A paragraph whose source lines form a GFM table becomes a custom block carrying the table's HTML.
    /// Considered: paragraphs at the top level, in list items (indentation stripped) and in top-level
    /// block quotes (`>` markers stripped; a lazy line without its marker is no table, as in GFM).
    /// Walks the live sibling chain rather than a snapshot: a table may absorb (and free) the list
    /// that follows its paragraph, and a snapshot would then hand a freed node to the next round.
    private static func replaceTables(in node: OpaquePointer, lines: [String], inQuote: Bool = false) {
        var cursor = cmark_node_first_child(node)
        while let child = cursor {
            cursor = cmark_node_next(child)
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_PARAGRAPH {
                let first = Int(cmark_node_get_start_line(child))
                let last = Int(cmark_node_get_end_line(child))
                let column = Int(cmark_node_get_start_column(child))
                guard first >= 1, last <= lines.count, first <= last else { continue }
                var source: [String] = []
                for line in lines[(first - 1)...(last - 1)] {
                    if inQuote {
                        guard let inner = stripQuoteMarker(line) else { source = []; break }
                        source.append(inner)
                    } else {
                        source.append(stripIndentation(line, upTo: column - 1))
                    }
                }
                var absorbed: OpaquePointer?
                if source.count == 1, let list = cmark_node_next(child), cmark_node_get_type(list) == CMARK_NODE_LIST,
                   Int(cmark_node_get_start_line(list)) == last + 1, !inQuote {
                    // `a | b` followed by `- | -`: cmark reads the delimiter row as a bullet list, GFM as
                    // a table. Re-read the list's lines as table rows.
                    let listLast = Int(cmark_node_get_end_line(list))
                    if listLast <= lines.count, PipeTable.delimiterRow(stripIndentation(lines[last], upTo: column - 1)) != nil {
                        source += lines[last...(listLast - 1)].map { stripIndentation($0, upTo: column - 1) }
                        absorbed = list
                    }
                }
                guard let table = PipeTable.parse(source) else { continue }
                var html = table.html(renderInline: renderInline)
                if !table.trailingLines.isEmpty {
                    html += render(table.trailingLines.joined(separator: "\n"))
                }
                guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
                cmark_node_set_on_enter(block, html)
                cmark_node_set_on_exit(block, "")
                cmark_node_insert_before(child, block)
                cmark_node_unlink(child)
                cmark_node_free(child)
                if let absorbed {
                    cursor = cmark_node_next(absorbed)
                    cmark_node_unlink(absorbed)
                    cmark_node_free(absorbed)
                }
            } else if type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM {
                replaceTables(in: child, lines: lines, inQuote: inQuote)
            } else if type == CMARK_NODE_BLOCK_QUOTE && !inQuote && cmark_node_parent(child) == node
                        && cmark_node_get_type(node) == CMARK_NODE_DOCUMENT {
                replaceTables(in: child, lines: lines, inQuote: true)
            }
        }
    }

    /// `   > text` → `text`; `nil` for a line without the marker (a lazy continuation).
    private static func stripQuoteMarker(_ line: String) -> String? {
        var rest = Substring(line)
        var spaces = 0
        while rest.first == " " && spaces < 3 { rest = rest.dropFirst(); spaces += 1 }
        guard rest.first == ">" else { return nil }
        rest = rest.dropFirst()
        if rest.first == " " { rest = rest.dropFirst() }
        return String(rest)
    }

    private static func stripIndentation(_ line: String, upTo count: Int) -> String {
        var remaining = count
        var index = line.startIndex
        while remaining > 0, index < line.endIndex, line[index] == " " {
            index = line.index(after: index)
            remaining -= 1
        }
        return String(line[index...])
    }

    /// Wraps each heading's content in a custom block that prints `<hN id="…">`, so links like
    /// `#quest-ce-quun-statefulset` keep working whatever the rendering.
    private static func addHeadingIdentifiers(in document: OpaquePointer, slugs: inout SlugRegistry) {
        var headings: [OpaquePointer] = []
        collectHeadings(in: document, into: &headings)
        for heading in headings {
            let level = Int(cmark_node_get_heading_level(heading))
            let id = slugs.unique(Slug.make(from: plainText(of: heading)))
            // The block only places the line; the inline inside carries the tags, so no newline
            // lands between `<hN>` and the text.
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            guard let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { cmark_node_free(block); continue }
            cmark_node_set_on_enter(block, "")
            cmark_node_set_on_exit(block, "")
            cmark_node_set_on_enter(inline, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(inline, "</h\(level)>")
            for child in children(of: heading) { cmark_node_append_child(inline, child) }
            cmark_node_append_child(block, inline)
            cmark_node_replace(heading, block)
            cmark_node_free(heading)
        }
    }

    private static func collectHeadings(in node: OpaquePointer, into result: inout [OpaquePointer]) {
        for child in children(of: node) {
            if cmark_node_get_type(child) == CMARK_NODE_HEADING {
                result.append(child)
            } else {
                collectHeadings(in: child, into: &result)
            }
        }
    }

    fileprivate static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        for child in children(of: node) {
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += plainText(of: child)
            }
        }
        return text
    }
}

// MARK: - Lesson conventions on the node tree

extension CmarkDocument {
    private static func collect(_ type: cmark_node_type, in node: OpaquePointer, into result: inout [OpaquePointer]) {
        for child in children(of: node) {
            if cmark_node_get_type(child) == type { result.append(child) }
            collect(type, in: child, into: &result)
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Puts `html` where `node` was and frees `node`.
    private static func replace(_ node: OpaquePointer, withHTML html: String) {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(block, html)
        cmark_node_set_on_exit(block, "")
        cmark_node_replace(node, block)
        cmark_node_free(node)
    }

    /// Fenced blocks: the first word of the info string is the language; the rest is a note shown
    /// above the block (« À taper dans psql, pas dans le shell »). Language `text` is expected output:
    /// `<pre class="output">`, which the browser gives its own look and no « Copier » button.
    fileprivate static func rewriteCodeBlocks(in document: OpaquePointer) {
        var blocks: [OpaquePointer] = []
        collect(CMARK_NODE_CODE_BLOCK, in: document, into: &blocks)
        for block in blocks {
            let info = string(cmark_node_get_fence_info(block))
            let language = String(info.prefix { !$0.isWhitespace })
            let note = info.dropFirst(language.count).trimmingCharacters(in: .whitespaces)
            let noteHTML = note.isEmpty ? "" : "<p class=\"block-note\">\(renderInline(note))</p>\n"
            if language == "text" {
                let literal = string(cmark_node_get_literal(block))
                replace(block, withHTML: noteHTML + "<pre class=\"output\"><code class=\"language-text\">"
                        + HTMLEscaping.escape(literal) + "</code></pre>\n")
            } else if !noteHTML.isEmpty {
                cmark_node_set_fence_info(block, language)
                guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
                cmark_node_set_on_enter(custom, noteHTML)
                cmark_node_set_on_exit(custom, "")
                cmark_node_insert_before(block, custom)
            }
        }
    }

    /// Relative image paths become the URLs the loader serves them at; an image alone in its
    /// paragraph becomes `<figure class="lesson-figure">`, its title (`![alt](x.svg "légende")`)
    /// the caption.
    fileprivate static func rewriteImages(in document: OpaquePointer, context: MarkdownRenderContext) {
        var images: [OpaquePointer] = []
        collect(CMARK_NODE_IMAGE, in: document, into: &images)
        for image in images {
            guard let resolved = context.resolve(string(cmark_node_get_url(image))) else { continue }
            cmark_node_set_url(image, resolved)
            guard let paragraph = cmark_node_parent(image), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  cmark_node_first_child(paragraph) == image, cmark_node_next(image) == nil else { continue }
            let alt = FrenchTypography.apply(plainText(of: image))
            let title = FrenchTypography.apply(string(cmark_node_get_title(image)))
            var html = "<figure class=\"lesson-figure\">\n<img src=\"\(HTMLEscaping.escape(resolved))\" alt=\"\(HTMLEscaping.escape(alt))\">\n"
            if !title.isEmpty { html += "<figcaption>\(HTMLEscaping.escape(title))</figcaption>\n" }
            replace(paragraph, withHTML: html + "</figure>\n")
        }
    }

    /// French spacing on text nodes only: code spans, code blocks, raw HTML and autolinks
    /// (a link whose text is its URL) are left exactly as written.
    fileprivate static func applyTypography(in node: OpaquePointer) {
        for child in children(of: node) {
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT {
                let text = string(cmark_node_get_literal(child))
                let typeset = FrenchTypography.apply(text)
                if typeset != text { cmark_node_set_literal(child, typeset) }
            } else if type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK
                        || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                continue
            } else if type == CMARK_NODE_LINK && string(cmark_node_get_url(child)) == plainText(of: child) {
                continue
            } else {
                applyTypography(in: child)
            }
        }
    }
}
