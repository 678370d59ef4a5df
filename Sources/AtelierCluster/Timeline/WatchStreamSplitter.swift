/// Cuts the output of `kubectl get … --watch --output-watch-events -o json` into one JSON document
/// per event.
///
/// kubectl prints each event as an indented JSON object (Go's `MarshalIndent`), one after the
/// other with no separator a line reader could rely on, so the splitter follows the object's
/// nesting itself: braces outside strings, with escapes inside them. It keeps no more than
/// `maximumObjectBytes` of an unfinished object: a stream that never closes its object (hostile
/// or broken output) is reported instead of growing memory.
package struct WatchStreamSplitter: Sendable {
    package enum Failure: Error, Equatable, Sendable {
        /// One object went past the cap.
        case objectTooLarge(Int)
        /// Bytes outside any object that are not white space (an error message on stdout…).
        case unexpected(String)
    }

    package let maximumObjectBytes: Int
    private var pending: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false

    package init(maximumObjectBytes: Int = 8 << 20) {
        self.maximumObjectBytes = maximumObjectBytes
    }

    /// Feeds a chunk; returns the objects it completed, in order.
    package mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [[UInt8]] {
        var completed: [[UInt8]] = []
        for byte in bytes {
            if depth == 0 {
                if byte == UInt8(ascii: "{") {
                    depth = 1
                    pending = [byte]
                } else if !Self.isSpace(byte) {
                    throw .unexpected(String(decoding: [byte], as: UTF8.self))
                }
                continue
            }
            pending.append(byte)
            guard pending.count <= maximumObjectBytes else {
                let size = pending.count
                pending = []
                depth = 0
                throw .objectTooLarge(size)
            }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    completed.append(pending)
                    pending = []
                }
            default: break
            }
        }
        return completed
    }

    /// True when no object is half-read (the stream may end here without losing anything).
    package var isIdle: Bool { depth == 0 }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
