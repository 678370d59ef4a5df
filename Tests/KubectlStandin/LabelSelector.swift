import Foundation

/// `-l app=postgres,tier!=web,role`: equality, inequality and existence terms.
struct LabelSelector {
    enum Term {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
    }

    var terms: [Term]

    init(_ text: String) {
        terms = text.split(separator: ",").map { raw in
            let term = String(raw).trimmingCharacters(in: .whitespaces)
            if let range = term.range(of: "!=") {
                return .notEquals(String(term[..<range.lowerBound]), String(term[range.upperBound...]))
            }
            if let range = term.range(of: "==") ?? term.range(of: "=") {
                return .equals(String(term[..<range.lowerBound]), String(term[range.upperBound...]))
            }
            return .exists(term)
        }
    }

    func matches(_ labels: [String: JSON]) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .equals(let key, let value): return labels[key]?.string == value
            case .notEquals(let key, let value): return labels[key]?.string != value
            case .exists(let key): return labels[key] != nil
            }
        }
    }
}
