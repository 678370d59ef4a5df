import AtelierLessons
import Foundation
import Testing

/// The lesson announces « 35 min (+ 15 min pour aller plus loin) » (`durationMinutes`, `optionalMinutes`); the
/// seed's introduction says 35 minutes. This suite recounts the time from the pages as served, with stated
/// rates, so that an edit that makes the core longer than announced fails here instead of in front of a class.
///
/// Rates (an ordinary learner, not an expert):
/// - prose (text outside code blocks, tables included): 200 words a minute, the silent reading rate of adults
///   in French (IReST standardised texts: 195 ± 26 words a minute), not slowed further for technical words;
/// - a command line (bash or SQL block, one per line that starts a command): 15 s to copy with the button,
///   paste, run and glance at its result;
/// - YAML shown as a manifest (downloaded, not typed): 1 s a line; an expected-output line: 1 s;
/// - fixed costs: 15 s per « Vérifier », 25 s per quiz question (read the question and its choices, answer,
///   read the feedback), 2.5 min of cluster waits nobody can read through (image pull of postgres:16 ≈ 40 s,
///   3 Pods ready ≈ 35 s, a recreated Pod ≈ 15 s, scale down and up ≈ 30 s, clean-up ≈ 15 s, slack).
/// Core: the introduction and every step outside `::: plus` blocks, except the troubleshooting step, which is
/// read when something breaks; optional: the `::: plus` blocks and the troubleshooting step.
@Suite("Leçon statefulsets-postgresql : durée annoncée honnête")
struct LessonTimingTests {
    struct Count: Equatable {
        var words = 0, commands = 0, yamlLines = 0, outputLines = 0
        var minutes: Double {
            Double(words) / 200 + Double(commands) * 15 / 60 + Double(yamlLines + outputLines) / 60
        }
        static func + (a: Count, b: Count) -> Count {
            Count(words: a.words + b.words, commands: a.commands + b.commands,
                  yamlLines: a.yamlLines + b.yamlLines, outputLines: a.outputLines + b.outputLines)
        }
    }

    static let referenceSteps: Set<String> = ["depannage"]

    @Test func coreFitsTheAnnouncedDurationAndOptionalPartToo() throws {
        let lesson = try LessonFactsTests.lesson()
        var core = Self.count(lesson.introductionHTML).core
        var optional = Count()
        for step in lesson.steps {
            let html = LessonPersonalization.apply(step.html, namespace: "default")
            let counted = Self.count(html)
            if Self.referenceSteps.contains(step.id) {
                optional = optional + counted.core + counted.optional
            } else {
                core = core + counted.core
                optional = optional + counted.optional
            }
        }
        let verifications = lesson.steps.filter { !$0.checks.isEmpty }.count
        let questions = lesson.steps.reduce(0) { $0 + ($1.quiz?.count ?? 0) }
        let fixed = Double(verifications) * 15 / 60 + Double(questions) * 25 / 60 + 2.5
        let coreMinutes = core.minutes + fixed
        let optionalMinutes = optional.minutes
        let summary = "cœur : \(core) + \(String(format: "%.1f", fixed)) min fixes = \(String(format: "%.1f", coreMinutes)) min ; "
            + "facultatif : \(optional) = \(String(format: "%.1f", optionalMinutes)) min"

        #expect(lesson.durationMinutes == 35, "l'introduction (texte du client) annonce 35 minutes")
        #expect(coreMinutes <= Double(lesson.durationMinutes), "le cœur dépasse la durée annoncée — \(summary)")
        #expect(coreMinutes > Double(lesson.durationMinutes) - 5, "durée annoncée gonflée — \(summary)")
        let announcedOptional = Double(lesson.optionalMinutes ?? 0)
        #expect(optionalMinutes <= announcedOptional && optionalMinutes > announcedOptional - 5,
                "optionalMinutes (\(announcedOptional)) ne correspond pas — \(summary)")
    }

    /// The counter itself: plus blocks apart, commands by line, outputs and YAML by line, prose by word.
    @Test func counterSeparatesProseCommandsOutputsAndPlusBlocks() {
        let html = """
        <h2>Un titre court</h2>
        <p>Trois mots ici\u{00A0}: <code>kubectl get pods</code>.</p>
        <pre><code class="language-bash">for i in 1 2; do
          kubectl exec postgres-$i -- true
        done
        kubectl get pvc
        </code></pre>
        <pre class="output"><code class="language-text">a
        b
        </code></pre>
        <pre><code class="language-yaml">kind: Service
        </code></pre>
        <details class="lesson-more">
        <summary>Pour aller plus loin : deux</summary>
        <p>un deux trois</p>
        <pre><code class="language-bash">kubectl get pv
        </code></pre>
        </details>
        """
        let counted = Self.count(html)
        #expect(counted.core == Count(words: 9, commands: 2, yamlLines: 1, outputLines: 2))
        #expect(counted.optional == Count(words: 8, commands: 1, yamlLines: 0, outputLines: 0))
    }

    // MARK: - Counting on the served HTML

    static func count(_ html: String) -> (core: Count, optional: Count) {
        var rest = html
        var optional = Count()
        while let open = rest.range(of: "<details class=\"lesson-more\">"),
              let close = rest.range(of: "</details>", range: open.upperBound..<rest.endIndex) {
            optional = optional + countOutsideDetails(String(rest[open.upperBound..<close.lowerBound]))
            rest.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return (countOutsideDetails(rest), optional)
    }

    private static func countOutsideDetails(_ html: String) -> Count {
        var count = Count()
        var prose = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<pre") {
            prose += rest[..<open.lowerBound]
            guard let close = rest.range(of: "</pre>", range: open.upperBound..<rest.endIndex) else { break }
            let block = rest[open.lowerBound..<close.upperBound]
            let lines = stripTags(String(block), separator: "").split(separator: "\n", omittingEmptySubsequences: true)
            if block.hasPrefix("<pre class=\"output\"") {
                count.outputLines += lines.count
            } else if block.contains("language-yaml") {
                count.yamlLines += lines.count
            } else if block.contains("language-bash") || block.contains("language-sql") {
                count.commands += lines.filter { line in
                    guard let first = line.first, !first.isWhitespace else { return false }
                    return line.trimmingCharacters(in: .whitespaces) != "done"
                }.count
            } else {
                count.outputLines += lines.count
            }
            rest = rest[close.upperBound...]
        }
        prose += rest
        count.words = words(in: stripTags(prose))
        return count
    }

    private static func stripTags(_ html: String, separator: String = " ") -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false; out += separator } else if !inTag { out.append(character) }
        }
        return out.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }

    /// Words as a reader sees them: runs of letters and digits, apostrophes and hyphens inside.
    private static func words(in text: String) -> Int {
        var total = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let wordish = CharacterSet.alphanumerics.contains(scalar) || scalar == "'" || scalar == "’" || scalar == "-"
            if wordish && !inWord { total += 1 }
            inWord = wordish
        }
        return total
    }
}
