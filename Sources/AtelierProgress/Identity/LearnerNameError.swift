/// Why a learner name was refused. The App answers 400 with `apiCode` and `message`.
public struct LearnerNameError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable, CaseIterable {
        /// Nothing visible once surrounding spaces are removed.
        case empty
        /// More than `LearnerName.maximumLength` characters (grapheme clusters).
        case tooLong
        /// C0/C1 controls (NUL, tab, newlines…) and line/paragraph separators.
        case controlCharacters
        /// Bidirectional overrides, isolates and marks, which can make a name display as something else.
        case bidiControls
        /// Other invisible format characters (zero-width space, soft hyphen, BOM, Hangul fillers…).
        case invisibleCharacters
        /// Only private-use, non-character or unassigned code points: nothing a font draws, so the name
        /// would look empty on the dashboard.
        case unrenderableCharacters
        /// One character stacked with so many combining marks that it is an attack, not a name.
        case overlyComplexCharacter
    }

    public let code: Code

    public init(_ code: Code) {
        self.code = code
    }

    /// The message shown to the learner, in French.
    public var message: String {
        switch code {
        case .empty: "Le nom ne peut pas être vide."
        case .tooLong: "Le nom ne doit pas dépasser \(LearnerName.maximumLength) caractères."
        case .controlCharacters: "Le nom contient des caractères de contrôle interdits."
        case .bidiControls: "Le nom contient des caractères de contrôle de direction du texte interdits."
        case .invisibleCharacters: "Le nom contient des caractères invisibles interdits."
        case .overlyComplexCharacter: "Le nom contient un caractère surchargé de signes diacritiques."
        case .unrenderableCharacters:
            "Le nom ne contient que des caractères qui ne s'affichent pas (usage privé, non-caractères ou non attribués)\u{202F}; écrivez-le en lettres ordinaires."
        }
    }

    /// The snake_case `error.code` of the API body.
    public var apiCode: String {
        switch code {
        case .empty: "name_empty"
        case .tooLong: "name_too_long"
        case .controlCharacters: "name_control_characters"
        case .bidiControls: "name_bidi_characters"
        case .invisibleCharacters: "name_invisible_characters"
        case .overlyComplexCharacter: "name_too_complex"
        case .unrenderableCharacters: "name_unrenderable_characters"
        }
    }

    public var description: String { "LearnerNameError(\(code))" }
}
