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
        document(header, separator: ",", learners: learners, outline: outline) { record, step, status, stepRecord in
            [
                record.id,
                record.name.value,
                step.id,
                status.rawValue,
                String(stepRecord?.attempts ?? 0),
                stepRecord?.firstViewedAt?.description ?? "",
                stepRecord?.passedAt?.description ?? "",
                stepRecord?.timeSpentSeconds.map(String.init) ?? "",
                stepRecord?.lastFailure?.message ?? "",
            ]
        }
    }

    /// BOM, header, then one row per learner × step from `row` (given the step's status as the
    /// dashboard computes it), every field neutralised by `field`.
    private static func document(_ header: [String], separator: String, learners: [LearnerRecord], outline: LessonOutline,
                                 row: (LearnerRecord, OutlineStep, StepStatus, StepRecord?) -> [String]) -> String {
        var text = "\u{FEFF}"
        append(header, to: &text, separator: separator)
        for record in learners {
            let lesson = record.lessons[outline.id]
            let statuses = LessonAnalysis.progression(lesson: lesson, outline: outline).statuses
            for step in outline.steps {
                append(row(record, step, statuses[step.id] ?? .notStarted, lesson?.steps[step.id]), to: &text, separator: separator)
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

    private static func append(_ fields: [String], to text: inout String, separator: String) {
        text += fields.map(field).joined(separator: separator)
        text += "\r\n"
    }

    // MARK: - For French Excel (`?format=excel`)

    /// The same rows for a spreadsheet opened by a person in French Excel: `;` separators (a comma is
    /// French Excel's decimal mark, so `,` makes one column), French headers, step titles, French
    /// statuses, durations as `h:mm:ss`, dates as `2026-11-25 10:00:12` (a form Excel reads as a date
    /// in every locale) in `timeZone`, which the date headers name. UTF-8 with a BOM, CRLF.
    public static func renderExcel(learners: [LearnerRecord], outline: LessonOutline, timeZone: TimeZone) -> String {
        let zone = timeZone.identifier
        let header = ["Identifiant", "Nom", "Étape", "Statut", "Tentatives", "Première visite (\(zone))",
                      "Validée le (\(zone))", "Temps passé (h:mm:ss)", "Dernier échec"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func date(_ timestamp: ISOTimestamp?) -> String {
            guard let timestamp else { return "" }
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: timestamp.date)
            func two(_ value: Int?) -> String { let value = value ?? 0; return value < 10 ? "0\(value)" : "\(value)" }
            return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
        }
        return document(header, separator: ";", learners: learners, outline: outline) { record, step, status, stepRecord in
            [
                record.id,
                record.name.value,
                step.title,
                step.checkable ? frenchStatus(status) : "—",
                String(stepRecord?.attempts ?? 0),
                date(stepRecord?.firstViewedAt),
                date(stepRecord?.passedAt),
                stepRecord?.timeSpentSeconds.map(clock) ?? "",
                stepRecord?.lastFailure?.message ?? "",
            ]
        }
    }

    /// Text safe in a `Content-Disposition` file name: ASCII letters, digits, `-` and `_` kept,
    /// anything else becomes `-` (a class named « Groupe B / lundi » gives `Groupe-B-lundi`).
    public static func fileNamePart(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(60) {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
            if keep { out.unicodeScalars.append(scalar) } else if !out.hasSuffix("-") { out += "-" }
        }
        let trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "classe" : trimmed
    }

    /// The words of the dashboard's legend.
    static func frenchStatus(_ status: StepStatus) -> String {
        switch status {
        case .notStarted: "Pas commencée"
        case .inProgress: "En cours"
        case .passed: "Validée"
        }
    }

    /// `0:02:05`, `12:00:00`: Excel reads `h:mm:ss` as a duration.
    static func clock(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        let minutes = (seconds / 60) % 60, rest = seconds % 60
        return "\(seconds / 3600):\(minutes < 10 ? "0" : "")\(minutes):\(rest < 10 ? "0" : "")\(rest)"
    }
}
