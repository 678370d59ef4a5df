import AtelierLessons
import Foundation
import Testing

/// The lesson conventions the renderer adds to CommonMark: French typography on text, output blocks,
/// block notes, « Pour aller plus loin » details, namespace blocks and figures (docs/DESIGN.md).
@Suite("Conventions des leçons : typographie, sorties, détails, images")
struct LessonConventionsTests {
    static let nbsp = "\u{00A0}"
    static let nnbsp = "\u{202F}"

    // MARK: - Typography

    @Test func spacesBeforeHighPunctuationAndInsideGuillemetsBecomeUnbreakable() {
        let html = MarkdownRenderer.html(from: "Prêt ? Oui ! Note : voici ; « Vérifier » et «serré».\n")
        #expect(html == "<p>Prêt\(Self.nnbsp)? Oui\(Self.nnbsp)! Note\(Self.nbsp): voici\(Self.nnbsp); «\(Self.nnbsp)Vérifier\(Self.nnbsp)» et «\(Self.nnbsp)serré\(Self.nnbsp)».</p>\n")
    }

    @Test func codeSpansBlocksAndUrlsAreLeftAsTyped() {
        let markdown = """
        Lancez `kubectl get pods -o 'jsonpath={..namespace}' ; echo « ok » ?` puis [la doc : ici](https://kubernetes.io/a?b=1) ou <https://example.org/x?y> ; http://x:8080 et ndots:5 restent.

        ```bash
        echo "a : b ? c ! « d »"
        ```

            indenté : oui ?
        """
        let html = MarkdownRenderer.html(from: markdown)
        #expect(html.contains("<code>kubectl get pods -o 'jsonpath={..namespace}' ; echo « ok » ?</code>"))
        #expect(html.contains("<a href=\"https://kubernetes.io/a?b=1\">la doc\(Self.nbsp): ici</a>"))
        #expect(html.contains("<a href=\"https://example.org/x?y\">https://example.org/x?y</a>\(Self.nnbsp);"))
        #expect(html.contains("http://x:8080 et ndots:5 restent."))
        #expect(html.contains("echo &quot;a : b ? c ! « d »&quot;\n</code></pre>"))
        #expect(html.contains("<pre><code>indenté : oui ?\n</code></pre>"))
    }

    @Test func tableCellsAndHeadingsGetTypographyButKeepTheirIds() {
        let html = MarkdownRenderer.html(from: "## Qu'est-ce qu'un StatefulSet ?\n\n| Question | Réponse |\n|---|---|\n| Prêt ? | « oui » |\n")
        #expect(html.contains("<h2 id=\"quest-ce-quun-statefulset\">Qu'est-ce qu'un StatefulSet\(Self.nnbsp)?</h2>"))
        #expect(html.contains("<td>Prêt\(Self.nnbsp)?</td>"))
        #expect(html.contains("<td>«\(Self.nnbsp)oui\(Self.nnbsp)»</td>"))
    }

    // MARK: - Blocks

    @Test func outputBlocksAreMarkedAndKeepTheirTextVerbatim() {
        let html = MarkdownRenderer.html(from: "```text\nNAME   READY : <none> ?\n```\n")
        #expect(html == "<pre class=\"output\"><code class=\"language-text\">NAME   READY : &lt;none&gt; ?\n</code></pre>\n")
    }

    @Test func wordsAfterTheLanguageAreAVisibleNote() {
        let html = MarkdownRenderer.html(from: "~~~sql À taper dans `psql`, pas dans le shell : une requête\nSELECT 1;\n~~~\n")
        #expect(html == "<p class=\"block-note\">À taper dans <code>psql</code>, pas dans le shell\(Self.nbsp): une requête</p>\n<pre><code class=\"language-sql\">SELECT 1;\n</code></pre>\n")
        let output = MarkdownRenderer.html(from: "```text Exemple, vos noms diffèrent\nx\n```\n")
        #expect(output == "<p class=\"block-note\">Exemple, vos noms diffèrent</p>\n<pre class=\"output\"><code class=\"language-text\">x\n</code></pre>\n")
    }

    @Test func plusBlocksBecomeDetailsWithUniqueHeadingIds() throws {
        let markdown = "## Étape\n\n::: plus Les dossiers\n## Étape\n\nTexte ?\n\n```bash\n:::\n```\n:::\n\nFin.\n"
        let html = try MarkdownRenderer.render(markdown, imageURL: { _ in nil }).html
        #expect(html == """
        <h2 id="etape">Étape</h2>
        <details class="lesson-more">
        <summary>Pour aller plus loin\(Self.nbsp): Les dossiers</summary>
        <h2 id="etape-1">Étape</h2>
        <p>Texte\(Self.nnbsp)?</p>
        <pre><code class="language-bash">:::
        </code></pre>
        </details>
        <p>Fin.</p>

        """)
    }

    @Test func malformedContainersAreRefusedWithTheirLine() {
        #expect(throws: MarkdownConventionError.self) { try MarkdownRenderer.render("a\n\n::: plus X\n\nb\n", imageURL: { _ in nil }) }
        do {
            _ = try MarkdownRenderer.render("a\n\n::: attention\nb\n:::\n", imageURL: { _ in nil })
            Issue.record("un bloc inconnu doit être refusé")
        } catch {
            #expect(error.line == 3)
        }
        #expect(throws: MarkdownConventionError.self) { try MarkdownRenderer.render("a\n:::\n", imageURL: { _ in nil }) }
    }

    @Test func namespaceBlocksAreSettledPerLearner() throws {
        let markdown = "Avant.\n\n::: namespace-dedie\n```bash\nkubectl delete namespace {{namespace}}\n```\n:::\n\n::: namespace-default\nRien à supprimer dans `{{namespace}}`.\n:::\n\nAprès.\n"
        let html = try MarkdownRenderer.render(markdown, imageURL: { _ in nil }).html
        let atelier = LessonPersonalization.apply(html, namespace: "atelier-abc")
        #expect(atelier.contains("kubectl delete namespace atelier-abc"))
        #expect(!atelier.contains("Rien à supprimer"))
        #expect(!atelier.contains("<!--"))
        let shared = LessonPersonalization.apply(html, namespace: "default")
        #expect(!shared.contains("delete namespace"))
        #expect(shared.contains("Rien à supprimer dans <code>default</code>."))
        #expect(shared.hasPrefix("<p>Avant.</p>\n") && shared.hasSuffix("<p>Après.</p>\n"))
    }

    @Test func authorsCannotForgeANamespaceMarker() {
        let html = MarkdownRenderer.html(from: "<!--atelier:namespace-dedie-->\n\nsecret\n\n<!--atelier:fin-->\n\n`<!--atelier:namespace-dedie-->`\n")
        let shared = LessonPersonalization.apply(html, namespace: "default")
        #expect(shared.contains("secret"))
        #expect(shared.contains("&lt;!--atelier:namespace-dedie--&gt;"))
    }

    // MARK: - Images

    @Test func anImageAloneIsAFigureWithItsServedUrl() throws {
        let rendered = try MarkdownRenderer.render("![Le StatefulSet et « ses » Pods](../images/objets.svg \"Les objets : vue d'ensemble\")\n\nTexte ![icône](https://example.org/x.png).\n",
                                                   imageURL: { "/api/lessons/l/files/" + ($0 as NSString).lastPathComponent })
        #expect(rendered.images == ["../images/objets.svg"])
        #expect(rendered.html.hasPrefix("<figure class=\"lesson-figure\">\n<img src=\"/api/lessons/l/files/objets.svg\" alt=\"Le StatefulSet et «\(Self.nnbsp)ses\(Self.nnbsp)» Pods\">\n<figcaption>Les objets\(Self.nbsp): vue d'ensemble</figcaption>\n</figure>\n"))
        #expect(rendered.html.contains("<img src=\"https://example.org/x.png\" alt=\"icône\" />"))
    }
}
