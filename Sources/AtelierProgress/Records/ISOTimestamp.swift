import Foundation

/// A UTC instant with whole-second precision, written as `2026-11-25T09:00:12Z`.
///
/// Progress files, API bodies and the CSV all show dates this way, so the type encodes itself as that
/// string whatever `JSONEncoder` date strategy the caller configured: a view can never leak a raw
/// `Double` by accident. Whole seconds also make the in-memory state equal to what a restart reads back.
public struct ISOTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// Truncates to the second (toward the past) so that `at` never lies in the future of the event.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        if seconds >= Double(Int64.max) {
            self.secondsSince1970 = Int64.max
        } else if seconds <= Double(Int64.min) {
            self.secondsSince1970 = Int64.min
        } else {
            self.secondsSince1970 = Int64(seconds)
        }
    }

    public var date: Date {
        Date(timeIntervalSince1970: TimeInterval(secondsSince1970))
    }

    /// Whole seconds from `earlier` to `self`, never negative: a clock step backwards must not
    /// produce a negative "time spent" on a dashboard.
    public func seconds(since earlier: ISOTimestamp) -> Int {
        let delta = secondsSince1970 &- earlier.secondsSince1970
        if delta <= 0 { return 0 }
        return delta > Int64(Int.max) ? Int.max : Int(delta)
    }

    public static func < (lhs: ISOTimestamp, rhs: ISOTimestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// `2026-11-25T09:00:12Z`.
    public var description: String {
        let c = Self.civil(secondsSince1970)
        return Self.pad(c.year, 4) + "-" + Self.pad(c.month, 2) + "-" + Self.pad(c.day, 2) + "T"
            + Self.pad(c.hour, 2) + ":" + Self.pad(c.minute, 2) + ":" + Self.pad(c.second, 2) + "Z"
    }

    /// `20261125T090012Z`: the form used in file names, where colons are awkward for shells and archives.
    public var compactDescription: String {
        let c = Self.civil(secondsSince1970)
        return Self.pad(c.year, 4) + Self.pad(c.month, 2) + Self.pad(c.day, 2) + "T"
            + Self.pad(c.hour, 2) + Self.pad(c.minute, 2) + Self.pad(c.second, 2) + "Z"
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`; anything else (offsets, fractions, out-of-range fields)
    /// is refused so that a hand-edited file cannot smuggle in an ambiguous date.
    public init?(iso8601 text: String) {
        guard let fields = Self.parseFields(Array(text.utf8), separators: true) else { return nil }
        self.init(fields: fields)
    }

    /// Parses the compact file-name form `YYYYMMDDTHHMMSSZ`.
    public init?(compact text: String) {
        guard let fields = Self.parseFields(Array(text.utf8), separators: false) else { return nil }
        self.init(fields: fields)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ISOTimestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an ISO 8601 UTC timestamp with seconds: \(text.prefix(40))")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, H. Hinnant's days-from-civil)

    /// Broken-down UTC time.
    private typealias Fields = (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64)

    private init(fields f: Fields) {
        let days = Self.daysFromCivil(year: f.year, month: f.month, day: f.day)
        self.secondsSince1970 = days * 86_400 + f.hour * 3_600 + f.minute * 60 + f.second
    }

    private static func parseFields(_ bytes: [UInt8], separators: Bool) -> Fields? {
        // Layout positions of each numeric field and of the fixed characters.
        let layout: (count: Int, year: Int, month: Int, day: Int, t: Int, hour: Int, minute: Int, second: Int, z: Int)
        if separators {
            layout = (20, 0, 5, 8, 10, 11, 14, 17, 19)
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        } else {
            layout = (16, 0, 4, 6, 8, 9, 11, 13, 15)
            guard bytes.count == 16 else { return nil }
        }
        guard bytes[layout.t] == UInt8(ascii: "T"), bytes[layout.z] == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ length: Int) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[start..<(start + length)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(layout.year, 4), let month = number(layout.month, 2),
              let day = number(layout.day, 2), let hour = number(layout.hour, 2),
              let minute = number(layout.minute, 2), let second = number(layout.second, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        return (year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(_ seconds: Int64) -> Fields {
        // Clamp to years 0000...9999 so that the fixed-width format always holds.
        let clamped = min(max(seconds, -62_167_219_200), 253_402_300_799)
        var days = clamped / 86_400
        var rest = clamped % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year: year, month: month, day: day,
                hour: rest / 3_600, minute: (rest % 3_600) / 60, second: rest % 60)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
