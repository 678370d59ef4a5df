/// Refuses request heads whose body length is ambiguous (RFC 9112 §6.1, §6.3), before any body is read.
///
/// libmicrohttpd 0.9.75 decides framing itself (`parse_connection_headers` in `connection.c`): a
/// `Transfer-Encoding` header whose value is not exactly `chunked` makes the body length "unknown" and
/// the connection waits for bytes until the timeout; `Content-Length` is then silently ignored; a field
/// name followed by a space (`Transfer-Encoding : chunked`) is kept as a different header, so the body is
/// read as the next request (request smuggling behind a proxy). Its whitespace-before-colon check is
/// only active with `MHD_OPTION_STRICT_FOR_CLIENT` at -1 (the *lenient* level, which would also drop
/// the missing-`Host` check). No option of 0.9.75 gives the answers below, so the first access-handler
/// call, which sees the head before any body byte, applies them; the answer closes the connection.
enum RequestFraming {
    /// `nil` when the head frames its body unambiguously.
    static func problem(in headers: HTTPHeaders) -> HTTPError? {
        var transferEncodings: [String] = []
        var contentLengths = 0
        for (name, value) in headers {
            if !isToken(name.utf8) {
                return refusal(400, "invalid_header_name",
                               "En-tête invalide : espace ou caractère interdit dans un nom de champ.")
            }
            if HTTPHeaders.same(name, "transfer-encoding") { transferEncodings.append(value) }
            if HTTPHeaders.same(name, "content-length") { contentLengths += 1 }
        }
        if contentLengths > 1 {
            return refusal(400, "ambiguous_length", "Plusieurs en-têtes Content-Length : longueur du corps ambiguë.")
        }
        guard !transferEncodings.isEmpty else { return nil }
        if contentLengths > 0 {
            return refusal(400, "ambiguous_length",
                           "Content-Length et Transfer-Encoding ensemble : longueur du corps ambiguë.")
        }
        if transferEncodings.count > 1 {
            return refusal(400, "ambiguous_length", "Plusieurs en-têtes Transfer-Encoding : longueur du corps ambiguë.")
        }
        let value = transferEncodings[0]
        // libmicrohttpd compares the raw value with `chunked`: surrounding space would leave it waiting.
        let codings = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces().lowercased() }
        if codings.contains(where: { !isToken($0.utf8) }) || value.hasSuffix(" ") || value.hasSuffix("\t") {
            return refusal(400, "invalid_transfer_encoding", "En-tête Transfer-Encoding mal formé.")
        }
        if codings == ["chunked"] { return nil }
        let chunked = codings.filter { $0 == "chunked" }.count
        if codings.contains("identity") || chunked > 1 || (chunked == 1 && codings.last != "chunked") {
            return refusal(400, "invalid_transfer_encoding",
                           "Transfer-Encoding avec « chunked » ailleurs qu'en dernier : longueur du corps indéterminable.")
        }
        // Only codings this server does not implement are left (gzip, x-custom…), chunked last or absent.
        return refusal(501, "unsupported_transfer_encoding",
                       "Codage de transfert non pris en charge : seul « chunked » est accepté.")
    }

    private static func refusal(_ status: Int, _ code: String, _ message: String) -> HTTPError {
        HTTPError(status, code: code, message: message, headers: ["Connection": "close"])
    }

    /// RFC 9110 §5.6.2 `token`: one or more `tchar`.
    static func isToken<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard !bytes.isEmpty else { return false }
        return bytes.allSatisfy(isTokenByte)
    }

    /// `tchar` as two 64-bit masks (bytes 0–63, 64–127): a test per byte with no table to load.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (lowTokenMask >> UInt64(byte)) & 1 == 1
            : byte < 128 ? (highTokenMask >> UInt64(byte - 64)) & 1 == 1 : false
    }

    private static let lowTokenMask: UInt64 = mask(over: 0..<64)
    private static let highTokenMask: UInt64 = mask(over: 64..<128)

    private static func mask(over range: Range<Int>) -> UInt64 {
        var mask: UInt64 = 0
        for byte in range {
            let isToken = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(UInt8(byte))
            if isToken { mask |= 1 << UInt64(byte - range.lowerBound) }
        }
        return mask
    }
}

extension Substring {
    /// Without the optional white space (SP, HTAB) of RFC 9110 around list elements.
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
