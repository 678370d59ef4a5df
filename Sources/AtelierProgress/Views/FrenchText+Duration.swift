import AtelierContent

/// How long, in the dashboard's words. Non-breaking spaces keep « 1 h 05 » on one line.
extension FrenchText {
    /// « « titre » » with the narrow no-break spaces of `FrenchTypography`, the one typography rule.
    static func quoted(_ text: String) -> String {
        FrenchTypography.apply("« " + text + " »")
    }

    /// "1 minute", "14 minutes", "1 h 05", "2 jours": how long someone has been on a step.
    static func duration(seconds: Int) -> String {
        let nbsp = "\u{00A0}"
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
