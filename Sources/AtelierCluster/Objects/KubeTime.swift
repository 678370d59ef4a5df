import AtelierContent
import AtelierSystem
import Foundation

/// Kubernetes timestamps: RFC 3339 with second granularity (`2025-03-10T09:00:01Z`), or with
/// microseconds for `eventTime` (`…:01.123456Z`).
///
/// Hand-parsed rather than through DateFormatter: it is called for every object of every
/// snapshot, must accept both forms, and must reject garbage without crashing.
package enum KubeTime {
    package static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + length)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45, let day = number(8, 2),
              bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
              let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var position = 19
        var fraction = 0.0
        if position < bytes.count, bytes[position] == 46 {
            position += 1
            var scale = 0.1
            let start = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                fraction += Double(bytes[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }
        guard position < bytes.count else { return nil }
        var offset = 0
        switch bytes[position] {
        case 90, 122:
            guard position + 1 == bytes.count else { return nil }
        case 43, 45:
            guard position + 6 == bytes.count, let hours = number(position + 1, 2), bytes[position + 3] == 58,
                  let minutes = number(position + 4, 2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[position] == 45 ? -1 : 1)
        default:
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }

    /// ISO 8601 UTC with seconds, the REST API's date format.
    package static func iso(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    /// `09:05:20` for messages; the lesson runs within the hour, so the day is noise.
    package static func clock(_ date: Date) -> String {
        let parts = components(date)
        return String(format: "%02d:%02d:%02d", parts.hour, parts.minute, parts.second)
    }

    private static func components(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
