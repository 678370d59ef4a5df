/// A GitHub-Flavored Markdown pipe table found in a paragraph's source lines
/// (header row, delimiter row with optional `:` alignments, body rows, `\|` escapes).
struct PipeTable: Equatable {
    enum Alignment: Equatable { case none, left, center, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]]
    /// Lines after the table (from the first line without an unescaped pipe): an ordinary paragraph.
    var trailingLines: [String]

    /// Reads a table out of a paragraph's lines, or `nil` when they are not one. As in GFM, the
    /// header must be the paragraph's first line (tables do not interrupt paragraphs).
    static func parse(_ lines: [String]) -> PipeTable? {
        guard lines.count >= 2, let alignments = delimiterRow(lines[1]) else { return nil }
        let header = cells(of: lines[0])
        guard header.count == alignments.count else { return nil }
        var rows: [[String]] = []
        var index = 2
        while index < lines.count, hasUnescapedPipe(lines[index]) {
            var row = cells(of: lines[index])
            if row.count > header.count { row = Array(row.prefix(header.count)) }
            while row.count < header.count { row.append("") }
            rows.append(row)
            index += 1
        }
        return PipeTable(header: header, alignments: alignments, rows: rows, trailingLines: Array(lines[index...]))
    }

    static func hasUnescapedPipe(_ line: String) -> Bool {
        var previous: Character = " "
        for character in line {
            if character == "|" && previous != "\\" { return true }
            previous = character
        }
        return false
    }

    /// The delimiter row: cells of hyphens with optional colons; a single column needs a pipe.
    static func delimiterRow(_ line: String) -> [Alignment]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("-") else { return nil }
        let parts = cells(of: trimmed)
        if parts.count == 1 && !trimmed.contains("|") { return nil }
        var alignments: [Alignment] = []
        for part in parts {
            let cell = part.trimmingCharacters(in: .whitespaces)
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments
    }

    /// Splits a row on unescaped pipes, dropping one leading and one trailing pipe. As in GFM, only a
    /// backslash immediately followed by a pipe matters: `\\|` becomes `|` (also inside code spans),
    /// every other backslash is left for the inline parser.
    static func cells(of line: String) -> [String] {
        var characters = Array(line.trimmingCharacters(in: .whitespaces))
        if characters.first == "|" { characters.removeFirst() }
        var result: [String] = []
        var current = ""
        var index = 0
        var endedWithPipe = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, characters[index + 1] == "|" {
                current.append("|")
                index += 2
                endedWithPipe = false
                continue
            }
            if character == "|" {
                result.append(current)
                current = ""
                endedWithPipe = true
            } else {
                current.append(character)
                if !character.isWhitespace { endedWithPipe = false }
            }
            index += 1
        }
        if !(endedWithPipe && current.trimmingCharacters(in: .whitespaces).isEmpty) || result.isEmpty {
            result.append(current)
        }
        return result.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// HTML in cmark-gfm's layout, each cell rendered inline by cmark.
    func html(renderInline: (String) -> String) -> String {
        var out = "<table>\n<thead>\n<tr>\n"
        for (index, cell) in header.enumerated() {
            out += "<th\(attribute(alignments[index]))>\(renderInline(cell))</th>\n"
        }
        out += "</tr>\n</thead>\n"
        if !rows.isEmpty {
            out += "<tbody>\n"
            for row in rows {
                out += "<tr>\n"
                for (index, cell) in row.enumerated() {
                    out += "<td\(attribute(alignments[index]))>\(renderInline(cell))</td>\n"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n"
        }
        return out + "</table>\n"
    }

    private func attribute(_ alignment: Alignment) -> String {
        switch alignment {
        case .none: return ""
        case .left: return " align=\"left\""
        case .center: return " align=\"center\""
        case .right: return " align=\"right\""
        }
    }
}

import Foundation
