import Foundation

/// A validated learner display name: trimmed, 1–80 characters, any script, nothing invisible.
///
/// Names are shown to trainers (dashboard, CSV) and never used to build paths or namespaces, so the
/// rules only protect what people see: no control characters that break lines or logs, no bidi
/// controls that make a name read as another, no zero-width characters that make two names look equal.
public struct LearnerName: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let maximumLength = 80
    /// Above this many UTF-8 bytes the input is refused before any Unicode work, so that a
    /// multi-megabyte body costs nothing.
    static let maximumBytes = 16_384
    /// Real characters (family emoji, flags, stacked Vietnamese diacritics) stay well below this.
    static let maximumScalarsPerCharacter = 16

    public let value: String

    public init(validating raw: String) throws(LearnerNameError) {
        guard raw.utf8.count <= Self.maximumBytes else { throw LearnerNameError(.tooLong) }
        let trimmed = Self.trimmingSpaces(raw)
        guard !trimmed.isEmpty else { throw LearnerNameError(.empty) }

        var count = 0
        var sawControl = false, sawBidi = false, sawInvisible = false, sawVisible = false, sawUnrenderable = false
        for character in trimmed {
            count += 1
            guard count <= Self.maximumLength else { throw LearnerNameError(.tooLong) }
            let scalars = character.unicodeScalars
            var scalarCount = 0
            let isTagSequence = scalars.first?.value == 0x1F3F4  // 🏴 + tag characters = subdivision flag
            for scalar in scalars {
                scalarCount += 1
                guard scalarCount <= Self.maximumScalarsPerCharacter else {
                    throw LearnerNameError(.overlyComplexCharacter)
                }
                switch Self.classify(scalar, inTagSequence: isTagSequence) {
                case .control: sawControl = true
                case .bidi: sawBidi = true
                case .invisible: sawInvisible = true
                case .visible: sawVisible = true
                case .unrenderable: sawUnrenderable = true
                case .neutral: break
                }
            }
        }
        if sawControl { throw LearnerNameError(.controlCharacters) }
        if sawBidi { throw LearnerNameError(.bidiControls) }
        if sawInvisible { throw LearnerNameError(.invisibleCharacters) }
        guard sawVisible else { throw LearnerNameError(sawUnrenderable ? .unrenderableCharacters : .empty) }
        // NFC so that "é" typed two ways is stored one way in files and CSV.
        self.value = trimmed.precomposedStringWithCanonicalMapping
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid learner name: \(error.code)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    // MARK: - Character classes

    private static func classify(_ scalar: Unicode.Scalar, inTagSequence: Bool) -> NameScalarClass {
        let value = scalar.value
        switch value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return .bidi
        case 0x2028, 0x2029:
            return .control
        case 0x200C, 0x200D:
            // ZWNJ/ZWJ are needed by Persian, Indic scripts and emoji sequences.
            return .neutral
        case 0xE0020...0xE007F where inTagSequence:
            return .neutral
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800:
            // Hangul fillers and the blank Braille pattern render as nothing.
            return .invisible
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .control:
            return .control
        case .format:
            return .invisible
        case .spaceSeparator, .nonspacingMark, .enclosingMark, .spacingMark:
            return .neutral
        case .privateUse, .unassigned, .surrogate:
            // Noncharacters (U+FDD0…, U+xFFFE/F) are unassigned too. Allowed beside real letters (a
            // newer emoji the server's tables do not know yet), never alone.
            return .unrenderable
        default:
            return .visible
        }
    }

    /// Removes leading and trailing characters made only of space separators (Zs). Tabs and newlines
    /// are not trimmed: they are refused as control characters, which tells the learner why.
    private static func trimmingSpaces(_ text: String) -> String {
        func isSpace(_ character: Character) -> Bool {
            character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }
}
