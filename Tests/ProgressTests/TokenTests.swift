import AtelierProgress
import Foundation
import Testing

@Suite("Ids and tokens")
struct TokenTests {
    @Test("Learner ids are 12 characters of [a-z2-7] and do not repeat")
    func learnerIds() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let id = LearnerID.generate()
            #expect(id.count == 12)
            #expect(id.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) })
            #expect(LearnerID.isValid(id))
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
        // Every character of the alphabet shows up: the generator is not stuck on part of it.
        #expect(Set(seen.joined()).count == 32)
    }

    @Test("Id validation refuses anything else", arguments: [
        "", "abcdefghijk", "abcdefghijklm", "ABCDEFGHIJKL", "abcdefghijk1", "abcdefghijk8",
        "../../etc/pa", "abcdef.json", "abcdefghijk\u{0}", "abcdéfghijkl",
    ])
    func invalidIds(text: String) {
        #expect(!LearnerID.isValid(text))
    }

    @Test("Tokens are 32 random bytes in base64url without padding")
    func tokenShape() {
        var seen = Set<String>()
        for _ in 0..<500 {
            let token = LearnerToken.generate()
            #expect(token.utf8.count == 43)
            #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
            #expect(LearnerToken.isWellFormed(token))
            seen.insert(token)
        }
        #expect(seen.count == 500)
    }

    @Test("Malformed tokens are refused before hashing", arguments: [
        "", "abc", String(repeating: "A", count: 42), String(repeating: "A", count: 44),
        String(repeating: "A", count: 42) + "B",  // impossible last character for 32 bytes
        String(repeating: "A", count: 42) + "=", String(repeating: "+", count: 43),
        String(repeating: "A", count: 41) + "é", "Bearer " + String(repeating: "A", count: 43),
        String(repeating: "A", count: 100_000),
    ])
    func malformedTokens(token: String) {
        #expect(!LearnerToken.isWellFormed(token))
    }

    @Test("The stored hash is the SHA-256 of the token, in hex")
    func hash() {
        #expect(LearnerToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = LearnerToken.generate()
        #expect(LearnerToken.hash(token) == LearnerToken.hash(token))
        #expect(LearnerToken.hash(token) != LearnerToken.hash(LearnerToken.generate()))
    }

    @Test("The trainer token matches only itself")
    func trainerToken() {
        let expected = TrainerToken.generate()
        #expect(expected.utf8.count == 43)
        #expect(expected != TrainerToken.generate())
        #expect(TrainerToken.matches(expected, expected: expected))
        #expect(!TrainerToken.matches(String(expected.dropLast()), expected: expected))
        #expect(!TrainerToken.matches(expected + "x", expected: expected))
        #expect(!TrainerToken.matches("", expected: expected))
        #expect(!TrainerToken.matches(TrainerToken.generate(), expected: expected))
        #expect(TrainerToken.matches("formateur-2026", expected: "formateur-2026"))
        // An unset trainer token must not let an empty header in.
        #expect(!TrainerToken.matches("", expected: ""))
    }
}
