import Foundation

/// The trainer's CSV export (`GET /api/progress.csv`): one row per learner × step.
///
/// RFC 4180 (CRLF, quotes doubled, fields with a comma, quote, CR or LF quoted) in UTF-8 with a BOM
/// so that Excel shows accents. Learner names come from anyone, so every field that a spreadsheet
/// would read as a formula (leading `=`, `+`, `-`, `@`, tab, CR, also right after a `;` or tab) is
/// prefixed with `'`.
public enum ProgressCSV {
    public static let contentType = "text/csv; charset=utf-8"
    public static let header = [
        "learner_id", "name", "step", "status", "attempts",
        "first_viewed_at", "passed_at", "time_spent_seconds", "last_failure",
    ]

    /// The whole document, starting with U+FEFF (the BOM once encoded as UTF-8).
    public static func render(learners: [LearnerRecord], outline: LessonOutline) -> String {
        var text = "\u{FEFF}"
        append(header, to: &text)
        for record in learners {
            let lesson = record.lessons[outline.id]
            let statuses = LessonAnalysis.progression(lesson: lesson, outline: outline).statuses
            for step in outline.steps {
                let stepRecord = lesson?.steps[step.id]
                append([
                    record.id,
                    record.name.value,
                    step.id,
                    (statuses[step.id] ?? .notStarted).rawValue,
                    String(stepRecord?.attempts ?? 0),
                    stepRecord?.firstViewedAt?.description ?? "",
                    stepRecord?.passedAt?.description ?? "",
                    stepRecord?.timeSpentSeconds.map(String.init) ?? "",
                    stepRecord?.lastFailure?.message ?? "",
                ], to: &text)
            }
        }
        return text
    }

    /// One field, neutralised then quoted as needed.
    ///
    /// A spreadsheet set to `;` or tab separators (French Excel uses `;`) sees a new cell after each `;`
    /// or tab: such fields are quoted, and a formula character right after one gets its `'` too, so that
    /// `a;=1+1` stays text even for a reader that ignores quotes.
    public static func field(_ raw: String) -> String {
        var value = ""
        var atCellStart = true
        for scalar in raw.unicodeScalars {
            if atCellStart, formulaStarts.contains(scalar) { value.unicodeScalars.append("'") }
            value.unicodeScalars.append(scalar)
            atCellStart = scalar == ";" || scalar == "\t"
        }
        let needsQuotes = value.unicodeScalars.contains {
            $0 == "," || $0 == ";" || $0 == "\t" || $0 == "\"" || $0 == "\r" || $0 == "\n"
        }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    private static func append(_ fields: [String], to text: inout String) {
        text += fields.map(field).joined(separator: ",")
        text += "\r\n"
    }
}
