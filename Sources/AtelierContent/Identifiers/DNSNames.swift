/// Name rules shared by the settings, the check specs and the stand-in fixtures.
///
/// Names from checks.json and learner ids end up in kubectl's argv, so they are held to the
/// Kubernetes grammar rather than trusted.
package enum DNSNames {
    /// RFC 1123 label: namespaces, Service names, container names.
    package static func isLabel(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        guard isAlnum(bytes.first!), isAlnum(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// RFC 1123 subdomain: object names (Pods, PVCs, Secrets, StorageClasses…).
    package static func isSubdomain(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    /// Learner ids are 12 characters of the base32 alphabet `[a-z2-7]`.
    package static func isLearnerId(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return bytes.count == 12 && bytes.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "2") && $0 <= UInt8(ascii: "7"))
        }
    }

    /// A label key or value for `-l` selectors: `[prefix/]name` of `[A-Za-z0-9._-]`.
    package static func isLabelSelectorToken(_ token: String) -> Bool {
        guard !token.isEmpty, token.utf8.count <= 317 else { return false }
        return token.utf8.allSatisfy {
            isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "/")
        }
    }

    /// True when the string has no byte below 0x20 and no DEL: such bytes have no business in
    /// a path, a context name or an argv element.
    package static func hasNoControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
