import Crypto

/// Codes people copy by hand — a learner's resume code, a class code written on the board — in
/// Crockford's base32: digits and capitals without I, L, O and U, so no two symbols look alike.
/// Reading forgives what people do: lower case, spaces and hyphens, O for 0, I and L for 1.
public enum ReadableCode {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// `length` random symbols (5 bits each, from the system CSPRNG), in groups of 4 joined by `-`.
    static func generate(length: Int) -> String {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(length)
        var word = SecureRandom.word()
        var bitsLeft = 64
        for _ in 0..<length {
            if bitsLeft < 5 {
                word = SecureRandom.word()
                bitsLeft = 64
            }
            symbols.append(alphabet[Int(word & 31)])
            word >>= 5
            bitsLeft -= 5
        }
        return grouped(symbols)
    }

    /// The canonical symbols of what someone typed, or nil when it cannot be a code of `length`
    /// symbols. Work is bounded: at most `4 × length` bytes are looked at.
    static func normalized(_ text: String, length: Int) -> String? {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(length)
        var seen = 0
        for byte in text.utf8 {
            seen += 1
            guard seen <= 4 * length else { return nil }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "\t"):
                continue
            default:
                guard let symbol = canonical(byte), symbols.count < length else { return nil }
                symbols.append(symbol)
            }
        }
        guard symbols.count == length else { return nil }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of the canonical symbols: the only form a resume code is kept in.
    static func hash(_ normalized: String) -> String {
        LearnerToken.hex(SHA256.hash(data: Array(normalized.utf8)))
    }

    private static func canonical(_ byte: UInt8) -> UInt8? {
        let upper = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) ? byte - 32 : byte
        switch upper {
        case UInt8(ascii: "O"): return UInt8(ascii: "0")
        case UInt8(ascii: "I"), UInt8(ascii: "L"): return UInt8(ascii: "1")
        default: return alphabet.contains(upper) ? upper : nil
        }
    }

    static func grouped(_ symbols: [UInt8]) -> String {
        var out: [UInt8] = []
        for (index, symbol) in symbols.enumerated() {
            if index > 0, index % 4 == 0 { out.append(UInt8(ascii: "-")) }
            out.append(symbol)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
