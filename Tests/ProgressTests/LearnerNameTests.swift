import AtelierProgress
import Foundation
import Testing

@Suite("Learner names")
struct LearnerNameTests {
    @Test("Names in any script are accepted and trimmed", arguments: [
        ("Élodie Müller", "Élodie Müller"),
        ("  Zoë Ñúñez  ", "Zoë Ñúñez"),
        ("\u{3000}李小龍\u{00A0}", "李小龍"),
        ("Αλέξανδρος Παπαδόπουλος", "Αλέξανδρος Παπαδόπουλος"),
        ("محمد عبد الله", "محمد عبد الله"),
        ("Ольга", "Ольга"),
        ("👩🏽‍💻 Dev", "👩🏽‍💻 Dev"),
        ("🏴󠁧󠁢󠁳󠁣󠁴󠁿 Écosse 🇫🇷", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Écosse 🇫🇷"),
        ("می‌خواهم", "می‌خواهم"),  // Persian with a zero-width non-joiner, which the script needs.
        ("../../etc/passwd", "../../etc/passwd"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
    ])
    func accepted(raw: String, expected: String) throws {
        let name = try LearnerName(validating: raw)
        #expect(name.value == expected)
    }

    @Test("Exactly 80 characters is the limit, counted as characters, not bytes")
    func eightyCharacters() throws {
        let accented = String(repeating: "é", count: 80)
        #expect(try LearnerName(validating: accented).value.count == 80)
        let family = String(repeating: "👨‍👩‍👧‍👦", count: 80)  // 7 scalars, 25 bytes each.
        #expect(try LearnerName(validating: family).value.count == 80)
        #expect(throws: LearnerNameError(.tooLong)) { try LearnerName(validating: accented + "e") }
    }

    @Test("Decomposed accents are stored precomposed (NFC)")
    func normalization() throws {
        let name = try LearnerName(validating: "Jose\u{301}")
        #expect(Array(name.value.unicodeScalars) == Array("José".unicodeScalars))
    }

    @Test("Refused names carry a precise code", arguments: [
        ("", LearnerNameError.Code.empty),
        ("    ", .empty),
        ("\u{00A0}\u{3000}", .empty),
        ("\u{301}\u{308}", .empty),  // combining marks only: nothing visible
        (String(repeating: "a", count: 81), .tooLong),
        (String(repeating: "x", count: 10_000), .tooLong),
        (String(repeating: "é", count: 100_000), .tooLong),
        ("Al\u{0}ice", .controlCharacters),
        ("Ali\nce", .controlCharacters),
        ("Alice\n", .controlCharacters),
        ("Ali\r\nce", .controlCharacters),
        ("Ali\tce", .controlCharacters),
        ("Ali\u{7F}ce", .controlCharacters),
        ("Ali\u{85}ce", .controlCharacters),
        ("Ali\u{2028}ce", .controlCharacters),
        ("admin\u{202E}txt.exe", .bidiControls),
        ("a\u{202A}b", .bidiControls),
        ("a\u{2066}b\u{2069}", .bidiControls),
        ("a\u{200F}b", .bidiControls),
        ("a\u{200E}b", .bidiControls),
        ("a\u{061C}b", .bidiControls),
        ("Ali\u{200B}ce", .invisibleCharacters),
        ("\u{FEFF}Alice", .invisibleCharacters),
        ("Ali\u{00AD}ce", .invisibleCharacters),
        ("Ali\u{2060}ce", .invisibleCharacters),
        ("\u{3164}", .invisibleCharacters),
        ("Z" + String(repeating: "\u{301}", count: 40), .overlyComplexCharacter),
        // Issue 15, item 8: nothing a font draws, the dashboard showed an empty name.
        ("\u{E000}\u{E001}", .unrenderableCharacters),          // private use (BMP)
        ("\u{F0000} \u{10FFFD}", .unrenderableCharacters),      // private use (planes 15, 16)
        // Noncharacters (Swift refuses them as literals).
        (LearnerNameTests.scalars(0xFDD0, 0xFDEF), .unrenderableCharacters),
        (LearnerNameTests.scalars(0xFFFE, 0x10FFFF), .unrenderableCharacters),
        ("\u{50000}\u{301}", .unrenderableCharacters),          // unassigned (plane 5), with a mark
    ])
    func refused(raw: String, code: LearnerNameError.Code) {
        #expect(throws: LearnerNameError(code)) { try LearnerName(validating: raw) }
    }

    static func scalars(_ values: UInt32...) -> String {
        var text = ""
        for value in values { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text
    }

    @Test("Private-use characters beside real letters are kept (a name is never silently altered)")
    func privateUseBesideLetters() throws {
        #expect(try LearnerName(validating: "Alice \u{E000}").value == "Alice \u{E000}")
    }

    @Test("Messages are natural French")
    func frenchMessages() {
        #expect(LearnerNameError(.tooLong).message == "Le nom ne doit pas dépasser 80 caractères.")
        #expect(LearnerNameError(.controlCharacters).message == "Le nom contient des caractères de contrôle interdits.")
        #expect(LearnerNameError(.empty).message == "Le nom ne peut pas être vide.")
        for code in LearnerNameError.Code.allCases {
            let error = LearnerNameError(code)
            #expect(error.message.hasPrefix("Le nom "))
            #expect(error.message.hasSuffix("."))
            #expect(error.apiCode.allSatisfy { $0.isLowercase || $0 == "_" })
        }
    }

    @Test("Decoding a name from a file applies the same rules")
    func decodingValidates() throws {
        let good = try JSONDecoder().decode([LearnerName].self, from: Data(#"["Zoé"]"#.utf8))
        #expect(good.first?.value == "Zoé")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LearnerName].self, from: Data(#"["a\u202Eb"]"#.utf8))
        }
    }
}
