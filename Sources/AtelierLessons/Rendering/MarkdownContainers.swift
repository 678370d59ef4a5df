/// The lesson's `:::` containers, read on the Markdown source before cmark sees it (CommonMark has
/// no container syntax, and safe mode drops raw HTML, so authors cannot write `<details>` themselves):
///
///     ::: plus Les dossiers sous /var/snap     → <details class="lesson-more"> « Pour aller plus loin »
///     …Markdown…
///     :::
///
///     ::: namespace-dedie                      → shown only when the learner's namespace is not `default`
///     ::: namespace-default                    → shown only when it is `default`
///
/// A marker is a line of its own (up to three spaces of indentation), outside fenced code.
/// Containers nest. An unknown name or an unclosed container stops start-up with the line number.
enum MarkdownContainer: Equatable {
    /// « Pour aller plus loin » block, collapsed; the text after `plus` is its title.
    case more(title: String)
    /// Content kept only for a learner whose namespace is (`dedicated == false`) or is not `default`.
    case namespace(dedicated: Bool)
}

indirect enum MarkdownSegment: Equatable {
    case markdown(String)
    case container(MarkdownContainer, [MarkdownSegment])
}

/// A `:::` marker the renderer cannot honour; `line` is 1-based in the Markdown file.
public struct MarkdownConventionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public var description: String { "ligne \(line) : \(message)" }
}

enum MarkdownContainerParser {
    static func segments(of source: String) throws(MarkdownConventionError) -> [MarkdownSegment] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var stack: [(container: MarkdownContainer, line: Int, segments: [MarkdownSegment])] = []
        var top: [MarkdownSegment] = []
        var pending: [String] = []
        var fence: (character: Character, length: Int)?

        func flush() {
            guard !pending.isEmpty else { return }
            let text = pending.joined(separator: "\n")
            pending = []
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            if stack.isEmpty { top.append(.markdown(text + "\n")) } else { stack[stack.count - 1].segments.append(.markdown(text + "\n")) }
        }

        for (offset, line) in lines.enumerated() {
            let trimmed = dropIndentation(line)
            if let open = fence {
                if let closing = fenceMarker(trimmed), closing.character == open.character, closing.length >= open.length,
                   trimmed.drop(while: { $0 == open.character }).trimmingCharacters(in: .whitespaces).isEmpty {
                    fence = nil
                }
                pending.append(line)
                continue
            }
            if let opening = fenceMarker(trimmed) {
                fence = opening
                pending.append(line)
                continue
            }
            guard trimmed.hasPrefix(":::") else {
                pending.append(line)
                continue
            }
            let argument = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
            flush()
            if argument.isEmpty {
                guard let closed = stack.popLast() else {
                    throw MarkdownConventionError(line: offset + 1, message: "« ::: » ferme un bloc qui n'a pas été ouvert")
                }
                let segment = MarkdownSegment.container(closed.container, closed.segments)
                if stack.isEmpty { top.append(segment) } else { stack[stack.count - 1].segments.append(segment) }
                continue
            }
            let container = try parseOpening(argument, line: offset + 1)
            stack.append((container, offset + 1, []))
        }
        flush()
        if let unclosed = stack.last {
            throw MarkdownConventionError(line: unclosed.line, message: "bloc « ::: » ouvert ici et jamais fermé (ajoutez une ligne « ::: »)")
        }
        return top
    }

    private static func parseOpening(_ argument: String, line: Int) throws(MarkdownConventionError) -> MarkdownContainer {
        let name = argument.prefix { !$0.isWhitespace }
        let rest = argument.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "plus":
            return .more(title: rest)
        case "namespace-dedie" where rest.isEmpty:
            return .namespace(dedicated: true)
        case "namespace-default" where rest.isEmpty:
            return .namespace(dedicated: false)
        default:
            throw MarkdownConventionError(line: line, message: "bloc « ::: \(argument) » inconnu (connus : « ::: plus Titre », « ::: namespace-dedie », « ::: namespace-default », fermés par « ::: »)")
        }
    }

    /// The line without up to three leading spaces (four make an indented code block).
    private static func dropIndentation(_ line: String) -> Substring {
        var rest = Substring(line)
        var count = 0
        while rest.first == " " && count < 3 { rest = rest.dropFirst(); count += 1 }
        return rest
    }

    /// A ``` or ~~~ fence opening (three or more).
    private static func fenceMarker(_ line: Substring) -> (character: Character, length: Int)? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let length = line.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        if first == "`" && line.dropFirst(length).contains("`") { return nil }
        return (first, length)
    }
}
