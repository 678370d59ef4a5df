import AtelierLessons
import Foundation
import Testing

@Suite("Markdown rendering with cmark: GFM tables, safe mode, heading ids")
struct MarkdownRendererTests {
    struct Example: CustomTestStringConvertible {
        let number: Int
        let markdown: String
        let html: String
        var testDescription: String { "GFM tables example \(number)" }
    }

    /// The Tables examples of the GFM specification, from the fixture.
    static let specExamples: [Example] = {
        let url = Bundle.module.url(forResource: "Fixtures/gfm-tables-spec", withExtension: "txt")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        for block in text.components(separatedBy: fence + " example\n").dropFirst() {
            let body = block.components(separatedBy: fence + "\n")[0]
            let parts = body.components(separatedBy: "\n.\n")
            examples.append(Example(number: examples.count + 1, markdown: parts[0] + "\n", html: parts[1]))
        }
        return examples
    }()

    @Test func fixtureHoldsTheSpecExamples() {
        #expect(Self.specExamples.count == 15)
    }

    @Test(arguments: specExamples)
    func gfmTableSpecExample(_ example: Example) {
        #expect(MarkdownRenderer.html(from: example.markdown) == example.html)
    }

    @Test func rawHTMLIsDroppedInSafeMode() {
        let html = MarkdownRenderer.html(from: "<script>alert(1)</script>\n\nTexte <b onclick=\"x()\">gras</b> et [lien](javascript:alert(1)).\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func fencedCodeKeepsItsLanguageClass() {
        let html = MarkdownRenderer.html(from: "```bash\nkubectl get pods -l app=postgres -w\n```\n\n```yaml\nkind: Service\n```\n")
        #expect(html.contains("<pre><code class=\"language-bash\">kubectl get pods -l app=postgres -w\n</code></pre>"))
        #expect(html.contains("<code class=\"language-yaml\">kind: Service"))
    }

    @Test func headingsGetStableUniqueIdsWithAccentsFolded() {
        let html = MarkdownRenderer.html(from: "# Qu'est-ce qu'un StatefulSet ?\n\n## Étape 1\n\n## Étape 1\n\n### `kubectl` & **PVC**\n")
        #expect(html.contains("<h1 id=\"quest-ce-quun-statefulset\">Qu'est-ce qu'un StatefulSet\u{202F}?</h1>"))
        #expect(html.contains("<h2 id=\"etape-1\">Étape 1</h2>"))
        #expect(html.contains("<h2 id=\"etape-1-1\">Étape 1</h2>"))
        #expect(html.contains("<h3 id=\"kubectl-pvc\"><code>kubectl</code> &amp; <strong>PVC</strong></h3>"))
    }

    @Test func tableInsideAListItemAndInlineMarkupInCells() {
        let markdown = "- Comparaison :\n\n  | Critère | Valeur |\n  |:--|--:|\n  | **gras** | [lien](https://example.org) |\n"
        let html = MarkdownRenderer.html(from: markdown)
        #expect(html.contains("<th align=\"left\">Critère</th>"))
        #expect(html.contains("<td align=\"left\"><strong>gras</strong></td>"))
        #expect(html.contains("<td align=\"right\"><a href=\"https://example.org\">lien</a></td>"))
    }

    /// `a | b` + `- | -` is read by cmark as a paragraph and a list; the table absorbs (frees) the
    /// list, and the walk must go on from the node after it. A walk over a stale snapshot read the
    /// freed list (a crash seen in CI); `make test` also runs this suite under valgrind to catch it.
    @Test func tableWhoseDelimiterRowCmarkReadsAsAListKeepsWhatFollows() {
        let markdown = "a | b\n- | -\n1 | 2\n\nEntre les deux.\n\nc | d\n- | -\n\n- puce finale\n"
        let html = MarkdownRenderer.html(from: markdown)
        #expect(html.components(separatedBy: "<table>").count == 3)
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("<p>Entre les deux.</p>"))
        #expect(html.contains("<th>c</th>"))
        #expect(html.contains("<li>puce finale</li>"))
        #expect(!html.contains("<li>|"))
    }

    @Test func cellThatLooksLikeABlockStaysText() {
        let html = MarkdownRenderer.html(from: "| a | b |\n|---|---|\n| - item | # titre |\n")
        #expect(html.contains("<td>- item</td>"))
        #expect(html.contains("<td># titre</td>"))
        #expect(!html.contains("<ul>"))
    }

    @Test func seedIntroductionMatchesTheGoldenHTML() throws {
        let seed = try String(contentsOf: RepositoryRoot.url.appendingPathComponent("content/statefulsets-postgresql/introduction.md"),
                              encoding: .utf8)
        let golden = try String(contentsOf: Bundle.module.url(forResource: "Fixtures/introduction.golden", withExtension: "html")!,
                                encoding: .utf8)
        let html = MarkdownRenderer.html(from: seed)
        #expect(html == golden)
        // The parts the customer's text relies on, spelled out.
        #expect(html.contains("<h1 id=\"bienvenue-dans-lexercice-5-5-statefulsets-et-postgresql\">"))
        #expect(html.contains("<th>Critère</th>"))
        #expect(html.contains("<td><strong>Nom des pods</strong></td>"))
        #expect(html.contains("<td>Aléatoire (<code>app-7f8c9-xyz</code>)</td>"))
        #expect(html.contains("✅ Comprendre la différence entre <strong>Deployment</strong> et <strong>StatefulSet</strong>"))
        #expect(html.contains("🎯 Objectifs"))
        #expect(!html.contains("|---------|"))
        // The golden was updated on purpose when the renderer learnt French typography: it differs
        // from the author's spacing only by no-break spaces (11 before `:`, 3 narrow before `?`/`!`),
        // and the source file itself is untouched (it is the user's text, byte for byte).
        #expect(html.unicodeScalars.filter { $0 == "\u{00A0}" }.count == 11)
        #expect(html.unicodeScalars.filter { $0 == "\u{202F}" }.count == 3)
        #expect(html.contains("<h2 id=\"quest-ce-quun-statefulset\">🎓 Qu'est-ce qu'un StatefulSet\u{202F}?</h2>"))
        #expect(html.contains("(vous verrez &quot;✅ Ready!&quot;)"))
    }
}

/// The repository root, found from this source file.
enum RepositoryRoot {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
