#if canImport(Glibc)
import AtelierSystem
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging

/// Where the one-line-per-request access log goes.
public enum AccessLogDestination: Sendable {
    /// Through the server's `Logger` at `info`, one call per request (tests capture lines this way).
    case logger
    /// Straight to standard error, in swift-log's `StreamLogHandler` line format, through a buffer of
    /// `capacity` bytes written out when it fills, when a line arrives a second or more after the last
    /// write, and when the server stops (SIGTERM). A crash (kill -9) loses at most the buffer.
    /// Formatting a line through swift-log and writing it unbuffered cost more than the rest of a
    /// static request (see README, "Performance").
    case bufferedStandardError(capacity: Int)

    /// nginx's `access_log … buffer=64k`.
    public static let buffered: AccessLogDestination = .bufferedStandardError(capacity: 64 * 1024)
}

/// The access log: `GET /app.js 200 51234B 0.1ms` per request, the path only (a query may carry
/// something private), control characters replaced, long paths clipped.
final class AccessLog: @unchecked Sendable {  // `buffer`, `lastWrite`, `stampSecond`, `stamp` are guarded by `lock`.
    private let logger: Logger
    private let fd: Int32?
    private let capacity: Int
    /// Off when the logger's level is above `info`, as the logger's own lines would be.
    let enabled: Bool
    private let prefixTail: [UInt8]

    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var lastWrite: Int = 0
    private var stampSecond: Int = -1
    private var stamp: [UInt8] = []

    /// Longest path written, in bytes (cut on a character boundary).
    static let pathLimit = 200

    init(destination: AccessLogDestination, logger: Logger) {
        self.logger = logger
        enabled = logger.logLevel <= .info
        switch destination {
        case .logger:
            fd = nil
            capacity = 0
        case .bufferedStandardError(let capacity):
            fd = STDERR_FILENO
            self.capacity = max(capacity, 512)
            buffer.reserveCapacity(self.capacity)
        }
        prefixTail = Array(" info \(logger.label): [AtelierHTTP] ".utf8)
    }

    func record(method: String, target: String, status: Int, bytes: Int, seconds: Double) {
        guard enabled else { return }
        guard let fd else {
            var line: [UInt8] = []
            line.reserveCapacity(96 + min(target.utf8.count, AccessLog.pathLimit))
            AccessLog.appendMessage(to: &line, method: method, target: target, status: status, bytes: bytes,
                                    seconds: seconds)
            logger.info("\(String(decoding: line, as: UTF8.self))")
            return
        }
        let now = time(nil)
        // The line is written straight into the buffer: no line array per request.
        let longest = stamp.count + prefixTail.count + AccessLog.messageBound + 1
        lock.withLock {
            if stampSecond != now {
                stampSecond = now
                stamp = AccessLog.timestamp(now)
            }
            if buffer.count + longest > capacity { writeOut(fd) }
            buffer.append(contentsOf: stamp)
            buffer.append(contentsOf: prefixTail)
            AccessLog.appendMessage(to: &buffer, method: method, target: target, status: status, bytes: bytes,
                                    seconds: seconds)
            buffer.append(0x0A)
            if now - lastWrite >= 1 { writeOut(fd) }
        }
    }

    /// The longest message `appendMessage` writes: method (16 bytes and `…`), path (`pathLimit` bytes, a
    /// character of up to 3 more, `…`), and the numbers, with room to spare.
    static let messageBound = 16 + 3 + pathLimit + 3 + 3 + 128

    /// Writes what the buffer holds (at shutdown; also called when it fills).
    func flush() {
        guard let fd else { return }
        lock.withLock { writeOut(fd) }
    }

    private func writeOut(_ fd: Int32) {
        lastWrite = time(nil)
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                // EINTR is retried by `syscall`; standard error closed or full: the lines are
                // dropped, serving goes on.
                guard let written = try? syscall("write", { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }),
                      written > 0 else { break }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// `METHOD path status sizeB 0.1ms`, written byte by byte: no Foundation formatting on this path.
    static func appendMessage(to line: inout [UInt8], method: String, target: String, status: Int, bytes: Int,
                              seconds: Double) {
        var method = method
        method.withUTF8 { appendSanitized($0, limit: 16, to: &line) }
        line.append(0x20)
        var target = target
        target.withUTF8 { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
            appendSanitized(UnsafeBufferPointer(rebasing: bytes[..<end]), limit: pathLimit, to: &line)
        }
        line.append(0x20)
        appendDecimal(status, to: &line)
        line.append(0x20)
        appendDecimal(bytes, to: &line)
        line.append(UInt8(ascii: "B"))
        line.append(0x20)
        let tenths = seconds.isFinite && seconds > 0 ? Int((seconds * 10_000).rounded()) : 0
        appendDecimal(tenths / 10, to: &line)
        line.append(UInt8(ascii: "."))
        appendDecimal(tenths % 10, to: &line)
        line.append(UInt8(ascii: "m"))
        line.append(UInt8(ascii: "s"))
    }

    /// Control bytes become `?`; past `limit` bytes the text is cut on a character boundary and `…` added.
    static func appendSanitized(_ text: UnsafeBufferPointer<UInt8>, limit: Int, to line: inout [UInt8]) {
        // Nearly always: short and clean, copied in one go.
        if text.count <= limit && !text.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            line.append(contentsOf: text)
            return
        }
        var count = 0
        for byte in text {
            if count >= limit && byte & 0xC0 != 0x80 {
                line.append(0xE2)
                line.append(0x80)
                line.append(0xA6)
                return
            }
            line.append(byte < 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte)
            count += 1
        }
    }

    static func appendDecimal(_ value: Int, to line: inout [UInt8]) {
        let value = max(value, 0)
        if value >= 10 { appendDecimal(value / 10, to: &line) }
        line.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The same stamp as `StreamLogHandler` (`%Y-%m-%dT%H:%M:%S%z`, local time), computed once a second.
    static func timestamp(_ seconds: time_t) -> [UInt8] {
        var clock = seconds
        var local = tm()
        localtime_r(&clock, &local)
        var text = [Int8](repeating: 0, count: 64)
        let length = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return text.prefix(length).map { UInt8(bitPattern: $0) }
    }
}
