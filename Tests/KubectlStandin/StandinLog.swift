import Foundation

/// One JSON line per invocation in KUBECTL_STANDIN_LOG, so tests can count spawns and read the
/// argv the runner produced (and the pids, to check nothing was left running).
enum StandinLog {
    static func append(scenario: String, arguments: [String], childPid: Int32?, to path: String?, watchingFrom: Int? = nil) {
        guard let path, !path.isEmpty else { return }
        var entry: [String: JSON] = [
            "pid": .number(Double(getpid())), "scenario": .string(scenario), "argv": .array(arguments.map(JSON.string)),
        ]
        // A watch logs a second line once it has read the state file: from then on every appended
        // state is replayed to it (tests wait for this before changing the cluster).
        if let watchingFrom { entry["watchingFrom"] = .number(Double(watchingFrom)) }
        if let childPid { entry["childPid"] = .number(Double(childPid)) }
        let line = JSON.object(entry).printed().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ") + "\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        _ = line.utf8CString.withUnsafeBufferPointer { buffer in
            write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
        close(descriptor)
    }
}
