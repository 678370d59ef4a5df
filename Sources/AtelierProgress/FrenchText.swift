/// Wording shared by French messages. Non-breaking spaces keep « guillemets » and « 1 h 05 » on one line.
enum FrenchText {
    static let nbsp = "\u{00A0}"

    static func quoted(_ text: String) -> String {
        "«" + nbsp + text + nbsp + "»"
    }

    /// "1 minute", "14 minutes", "1 h 05", "2 jours": how long someone has been on a step.
    static func duration(seconds: Int) -> String {
        let minutes = seconds / 60
        if minutes < 60 {
            return minutes <= 1 ? "\(max(minutes, 1))" + nbsp + "minute" : "\(minutes)" + nbsp + "minutes"
        }
        let hours = minutes / 60
        if hours < 24 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)" + nbsp + "h" : "\(hours)" + nbsp + "h" + nbsp + (rest < 10 ? "0" : "") + "\(rest)"
        }
        let days = hours / 24
        return days == 1 ? "1" + nbsp + "jour" : "\(days)" + nbsp + "jours"
    }
}
