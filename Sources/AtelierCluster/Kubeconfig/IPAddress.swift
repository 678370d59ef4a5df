/// An IP address written as a literal: 4 bytes (IPv4) or 16 (IPv6).
///
/// Parsed strictly, by hand: only dotted decimal with four parts and no leading zero for IPv4, so
/// `127.1`, `0x7f.0.0.1` or `017700000001` — forms some resolvers still read as addresses — are
/// not addresses here (and a kubeconfig server written that way is refused as a host name).
package struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    package let bytes: [UInt8]

    package init?(_ text: some StringProtocol) {
        let text = String(text)
        if let v4 = Self.parseIPv4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(text) {
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is dialled as IPv4: judge it as such.
            bytes = v6[0..<12].elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]) ? Array(v6[12...]) : v6
        } else {
            return nil
        }
    }

    package var isIPv4: Bool { bytes.count == 4 }

    package var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part == "0" || part.first != "0", let value = UInt8(part) else { return nil }
            result.append(value)
        }
        return result
    }

    /// RFC 4291 text forms: eight groups, `::` once, an IPv4 tail. No zone (`%eth0`).
    static func parseIPv6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        compressed = halves.count == 2
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            var values: [UInt16] = []
            for (index, item) in items.enumerated() {
                if index == items.count - 1, allowIPv4Tail, item.contains(".") {
                    guard let v4 = parseIPv4(item) else { return nil }
                    values.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    values.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(item.count), item.allSatisfy(\.isHexDigit), let value = UInt16(item, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        if compressed {
            guard let first = groups(halves[0], allowIPv4Tail: false), let second = groups(halves[1], allowIPv4Tail: true),
                  first.count + second.count <= 7 else { return nil }
            head = first
            tail = second
        } else {
            guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            head = all
        }
        let words = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}
