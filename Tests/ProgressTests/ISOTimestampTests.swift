import AtelierProgress
import Foundation
import Testing

@Suite("Timestamps")
struct ISOTimestampTests {
    @Test("Known instants format as ISO 8601 UTC with seconds", arguments: [
        (Int64(1_795_597_212), "2026-11-25T09:00:12Z"),
        (951_868_799, "2000-02-29T23:59:59Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
    ])
    func format(seconds: Int64, text: String) {
        let timestamp = ISOTimestamp(secondsSince1970: seconds)
        #expect(timestamp.description == text)
        #expect(ISOTimestamp(iso8601: text) == timestamp)
    }

    @Test("Formatting and parsing round-trip over four centuries")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let seconds = Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)
            let timestamp = ISOTimestamp(secondsSince1970: seconds)
            #expect(ISOTimestamp(iso8601: timestamp.description) == timestamp)
            #expect(ISOTimestamp(compact: timestamp.compactDescription) == timestamp)
        }
    }

    @Test("Fractions of a second are dropped toward the past")
    func truncation() {
        #expect(ISOTimestamp(Date(timeIntervalSince1970: 1_795_597_212.999)).description == "2026-11-25T09:00:12Z")
        #expect(ISOTimestamp(Date(timeIntervalSince1970: -0.5)).description == "1969-12-31T23:59:59Z")
    }

    @Test("Anything but the exact form is refused", arguments: [
        "", "2026-11-25", "2026-11-25T09:00:12", "2026-11-25T09:00:12+01:00", "2026-11-25T09:00:12.5Z",
        "2026-11-25 09:00:12Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z",
        "2026-11-25T24:00:00Z", "2026-11-25T09:60:00Z", "2026-11-25T09:00:60Z", "２026-11-25T09:00:12Z",
    ])
    func refused(text: String) {
        #expect(ISOTimestamp(iso8601: text) == nil)
    }

    @Test("Encodes as a string whatever the encoder's date strategy")
    func encoding() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = try encoder.encode(["at": ISOTimestamp(secondsSince1970: 1_795_597_212)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2026-11-25T09:00:12Z"}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ISOTimestamp].self, from: Data(#"["hier"]"#.utf8))
        }
    }
}
