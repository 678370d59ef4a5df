/// Random bytes for ids and tokens.
///
/// `SystemRandomNumberGenerator` is the standard library's cryptographically secure generator
/// (`getrandom(2)` on Linux); wrapping it keeps every secret of the module on one audited path.
enum SecureRandom {
    static func bytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var result: [UInt8] = []
        result.reserveCapacity(count + 8)
        while result.count < count {
            var word = generator.next()
            for _ in 0..<8 where result.count < count {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }

    static func word() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
