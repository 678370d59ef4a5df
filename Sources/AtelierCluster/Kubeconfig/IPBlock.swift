/// A CIDR block (`10.0.0.0/8`, `fc00::/7`): where a learner's kubeconfig may point kubectl
/// (`cluster.allowedServers`).
public struct IPBlock: Hashable, Sendable, CustomStringConvertible {
    package let network: IPAddress
    package let prefixLength: Int

    /// Private ranges (RFC 1918, IPv6 unique local) and loopback: a learner's own MicroK8s VM or
    /// machine. Link-local (169.254.0.0/16, where clouds answer metadata requests) is left out on
    /// purpose, as is everything public.
    public static let privateAndLoopback: [IPBlock] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128", "fc00::/7",
    ].map { IPBlock($0)! }

    /// Parses `ADDRESS/PREFIX` (a bare address is a block of one); nil when malformed, when the
    /// prefix is too long for the family or when host bits are set (`10.0.0.1/8` is a typo).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(parts[1]), value <= bits else { return nil }
            length = value
        }
        self.network = address
        self.prefixLength = length
        guard contains(address), IPBlock.masked(address.bytes, length) == address.bytes else { return nil }
    }

    package func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        return IPBlock.masked(address.bytes, prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = max(0, min(8, length - index * 8))
            return kept == 8 ? byte : byte & ~(0xff >> kept)
        }
    }
}
