import Foundation

/// Heading ids: lowercase ASCII letters, digits and hyphens, accents folded (« Qu'est-ce qu'un
/// StatefulSet ? » → `quest-ce-quun-statefulset`), so anchors are stable and readable in a URL.
enum Slug {
    static func make(from text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "’" { continue }
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-" || scalar == "_" || scalar == "/" || scalar == ":" || scalar == "." {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}

/// Makes repeated headings unique within one document (`etapes`, `etapes-1`, …).
struct SlugRegistry {
    private var seen: [String: Int] = [:]

    mutating func unique(_ slug: String) -> String {
        guard let count = seen[slug] else {
            seen[slug] = 0
            return slug
        }
        var next = count + 1
        while seen["\(slug)-\(next)"] != nil { next += 1 }
        seen[slug] = next
        seen["\(slug)-\(next)"] = 0
        return "\(slug)-\(next)"
    }
}
