import Foundation

/// Counts stand-in processes alive at once in KUBECTL_STANDIN_CONCURRENCY (a file holding
/// « current maximum », updated under `flock`), so tests can prove the runner's cap without
/// relying on timing.
enum ConcurrencyGauge {
    static func enter(_ path: String?) {
        update(path) { current, maximum in (current + 1, max(maximum, current + 1)) }
    }

    static func leave(_ path: String?) {
        update(path) { current, maximum in (max(0, current - 1), maximum) }
    }

    private static func update(_ path: String?, _ change: (Int, Int) -> (Int, Int)) {
        guard let path, !path.isEmpty else { return }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { return }
        defer { _ = flock(descriptor, LOCK_UN) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(descriptor, &buffer, buffer.count)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        let (current, maximum) = change(numbers.first ?? 0, numbers.count > 1 ? numbers[1] : 0)
        let line = Array("\(current) \(maximum)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = lseek(descriptor, 0, SEEK_SET)
        _ = line.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
    }
}
