/// Markdown → HTML for lessons: CommonMark by cmark in safe mode, plus GFM pipe tables and heading ids.
public enum MarkdownRenderer {
    public static func html(from markdown: String) -> String {
        CmarkDocument.render(markdown)
    }
}
