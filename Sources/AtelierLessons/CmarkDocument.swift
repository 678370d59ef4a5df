import CCmark

/// The only file that touches cmark. Parses CommonMark, rewrites the node tree (GFM pipe tables,
/// heading ids) and renders HTML in cmark's safe mode (raw HTML and dangerous URLs are dropped).
/// Every node and string cmark hands back is freed here, with `defer`.
enum CmarkDocument {
    /// Renders a whole Markdown document.
    static func render(_ markdown: String) -> String {
        let source = markdown.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let options = atelier_cmark_opt_sourcepos() | atelier_cmark_opt_validate_utf8()
        guard let document = cmark_parse_document(source, source.utf8.count, options) else { return "" }
        defer { cmark_node_free(document) }
        replaceTables(in: document, lines: lines)
        addHeadingIdentifiers(in: document)
        return html(of: document)
    }

    /// Renders Markdown that must stay inline (a table cell): the content of its single paragraph.
    /// Text that cmark would read as another block (a list, a heading) is shown escaped instead.
    static func renderInline(_ markdown: String) -> String {
        let trimmed = markdown.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "" }
        guard let document = cmark_parse_document(trimmed, trimmed.utf8.count, atelier_cmark_opt_validate_utf8()) else {
            return HTMLEscaping.escape(trimmed)
        }
        defer { cmark_node_free(document) }
        let rendered = html(of: document)
        if rendered.hasPrefix("<p>") && rendered.hasSuffix("</p>\n") {
            return String(rendered.dropFirst(3).dropLast(5))
        }
        return HTMLEscaping.escape(trimmed)
    }

    private static func html(of node: OpaquePointer) -> String {
        guard let pointer = cmark_render_html(node, atelier_cmark_opt_default()) else { return "" }
        defer { atelier_cmark_free(pointer) }
        return String(cString: pointer)
    }

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
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
    private static func addHeadingIdentifiers(in document: OpaquePointer) {
        var slugs = SlugRegistry()
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

    private static func plainText(of node: OpaquePointer) -> String {
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
