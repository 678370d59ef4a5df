/// Small French phrasing helpers, so counts and lists read naturally in messages
/// (« 1 redémarrage », « 3 redémarrages », « a, b et c »).
package enum FrenchText {
    /// « a », « a et b », « a, b et c ».
    package static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " et " + items.last!
        }
    }

    /// « 0 redémarrage », « 1 redémarrage », « 2 redémarrages »: French keeps 0 and 1 singular.
    package static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(abs(value) >= 2 ? plural : singular)"
    }

    /// Ends a clause with a full stop unless it already ends with punctuation.
    package static func sentence(_ clause: String) -> String {
        guard let last = clause.last else { return clause }
        return ".?!…".contains(last) ? clause : clause + "."
    }
}
