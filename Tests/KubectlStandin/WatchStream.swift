import Foundation

/// `kubectl get TYPE --watch [--output-watch-events] -o json [-n NS | -A]`: the initial list as
/// `ADDED`, then one event per change, as the API server streams them.
///
/// Changes come from the state file (KUBECTL_STANDIN_STATE): every line appended to it names the
/// next scenario, and the watch prints what changed between consecutive scenarios for its type —
/// `ADDED` for a new object, `MODIFIED` when its JSON differs, `DELETED` with the last known object
/// when it is gone, and `DELETED` then `ADDED` when the same name comes back with another uid (a
/// re-created Pod or claim). Lines are replayed in order, so a test that appends `sts-ready`,
/// `scaled-down-now`, … sees every intermediate state even if it writes them quickly. A scenario's
/// `watchEnd` ends the stream after its changes: `closed` (the server ended the watch, as it does
/// after a few minutes) or `gone` (an `ERROR` event carrying a 410 `Expired` Status, as after a
/// compaction). Output is flushed after each event; the process ends when its stdout is closed or
/// it is signalled.
struct WatchStream {
    let root: URL
    let arguments: StandinArguments
    let learnerNamespace: String
    let statePath: String?
    /// A class (KUBECTL_STANDIN_CLASS): each learner namespace has its own state lines.
    var classRoom: ClassRoom? = nil

    func run(from initial: Scenario) -> Never {
        let typeArgument = arguments.positionals.first ?? ""
        let typeNames = typeArgument.split(separator: ",").map(String.init)
        guard typeNames.count == 1, arguments.positionals.count == 1 else {
            finishWith(stderr: "error: you may only specify a single resource type\n", exitCode: 1)
        }
        guard arguments.output == "json" else {
            finishWith(stderr: "kubectl-standin: only -o json is supported\n", exitCode: 2)
        }
        guard let type = ResourceType.named(typeNames[0]),
              !(initial.config.unknownTypes ?? []).contains(ResourceType.named(typeNames[0])?.plural ?? "") else {
            finishWith(stderr: "error: the server doesn't have a resource type \"\(typeNames[0])\"\n", exitCode: 1)
        }

        if let classRoom { runClass(type, classRoom) }

        // The lines read here decide both the starting state and where replay begins, so a line
        // appended while the initial list is printed is replayed, never skipped.
        let startLines = stateLines()
        var processed = startLines.count
        var seen = startLines
        StandinLog.append(scenario: startLines.last ?? initial.name, arguments: Array(CommandLine.arguments.dropFirst()), childPid: nil,
                          to: ProcessInfo.processInfo.environment["KUBECTL_STANDIN_LOG"], watchingFrom: processed)
        var first = initial
        if let last = startLines.last, last != initial.name, let scenario = try? Scenario.load(last, root: root) {
            first = scenario
        }
        var known: [String: JSON] = [:]
        for object in visible(type, in: first) {
            known[key(object)] = object
            emit("ADDED", object)
        }
        if let end = first.config.watchEnd { end == "gone" ? expire() : close() }

        let parent = getppid()
        while true {
            usleep(50_000)
            // The server that started this watch is gone (killed): a real kubectl would end on its
            // next write to the closed pipe; the stand-in, which may not write for a long time,
            // ends now rather than linger.
            if getppid() != parent { finishWith(stderr: "", exitCode: 0) }
            let lines = stateLines()
            // Rewritten rather than appended to (a test switching scenarios with one line): the
            // lines already replayed are not a prefix any more; take the new last line.
            if lines.count < processed || Array(lines.prefix(processed)) != Array(seen.prefix(processed)) {
                processed = max(0, lines.count - 1)
            }
            seen = lines
            guard lines.count > processed else { continue }
            for name in lines[processed...] {
                guard let scenario = try? Scenario.load(name, root: root) else { continue }
                var next: [String: JSON] = [:]
                for object in visible(type, in: scenario) { next[key(object)] = object }
                diff(from: known, to: next)
                known = next
                if let end = scenario.config.watchEnd { end == "gone" ? expire() : close() }
            }
            processed = lines.count
        }
    }

    /// The class-wide form: every namespace of the class (or the one asked with `-n`), each
    /// followed through its own state lines; namespaces added to the class later are picked up.
    private func runClass(_ type: ResourceType, _ room: ClassRoom) -> Never {
        let only = arguments.allNamespaces ? nil : arguments.namespace
        var processed: [String: Int] = [:]
        var known: [String: [String: JSON]] = [:]
        var scenarios: [String: Scenario] = [:]
        func load(_ name: String) -> Scenario? {
            if let cached = scenarios[name] { return cached }
            let scenario = try? Scenario.load(name, root: root)
            scenarios[name] = scenario
            return scenario
        }
        func step(_ namespace: String, to scenario: Scenario) {
            var next: [String: JSON] = [:]
            for object in visible(type, in: scenario, namespace: namespace) { next[key(object)] = object }
            diff(from: known[namespace] ?? [:], to: next)
            known[namespace] = next
        }
        var first = true
        let parent = getppid()
        while true {
            var total = 0
            for namespace in room.namespaces() where only == nil || only == namespace {
                let lines = room.lines(namespace)
                total += lines.count
                let done = processed[namespace] ?? 0
                // A namespace met for the first time starts from its current state (the list).
                let start = done == 0 ? max(0, lines.count - 1) : (lines.count < done ? max(0, lines.count - 1) : done)
                guard lines.count > start else { continue }
                for name in lines[start...] {
                    guard let scenario = load(name) else { continue }
                    step(namespace, to: scenario)
                }
                processed[namespace] = lines.count
            }
            if first {
                StandinLog.append(scenario: "class", arguments: Array(CommandLine.arguments.dropFirst()), childPid: nil,
                                  to: ProcessInfo.processInfo.environment["KUBECTL_STANDIN_LOG"], watchingFrom: total)
                first = false
            }
            usleep(50_000)
            if getppid() != parent { finishWith(stderr: "", exitCode: 0) }
        }
    }

    /// Prints what changed between two states of one type (see the type's comment).
    private func diff(from known: [String: JSON], to next: [String: JSON]) {
        for (name, old) in known.sorted(by: { $0.key < $1.key }) {
            guard let new = next[name] else {
                emit("DELETED", old)
                continue
            }
            if uid(new) != uid(old) {
                emit("DELETED", old)
                emit("ADDED", new)
            } else if new != old {
                emit("MODIFIED", new)
            }
        }
        for (name, new) in next.sorted(by: { $0.key < $1.key }) where known[name] == nil {
            emit("ADDED", new)
        }
    }

    private func visible(_ type: ResourceType, in scenario: Scenario, namespace: String? = nil) -> [JSON] {
        if (scenario.config.forbidden ?? []).contains(type.plural) { return [] }
        var arguments = arguments
        if namespace != nil { arguments.allNamespaces = false; arguments.namespace = namespace }
        return Responder(scenario: scenario, arguments: arguments, learnerNamespace: namespace ?? learnerNamespace).objects(of: type)
    }

    private func key(_ object: JSON) -> String {
        "\(object.at("metadata", "namespace")?.string ?? "")/\(object.at("metadata", "name")?.string ?? "")"
    }

    private func uid(_ object: JSON) -> String? { object.at("metadata", "uid")?.string }

    private func emit(_ type: String, _ object: JSON) {
        let printed = arguments.outputWatchEvents
            ? JSON.object(["type": .string(type), "object": object]).printed()
            : object.printed()
        FileHandle.standardOutput.write(Data(printed.utf8))
    }

    /// The API server answered 410: the resource version the watch started from was compacted.
    private func expire() -> Never {
        let status: JSON = .object([
            "apiVersion": .string("v1"), "code": .number(410), "kind": .string("Status"),
            "message": .string("too old resource version: 4711 (5230)"), "metadata": .object([:]),
            "reason": .string("Expired"), "status": .string("Failure"),
        ])
        emit("ERROR", status)
        finishWith(stderr: "", exitCode: 0)
    }

    /// The API server ended the watch (its timeout): kubectl's watch loop reports it and exits 1.
    private func close() -> Never {
        finishWith(stderr: "error: watch closed before UntilWithoutRetry timeout\n", exitCode: 1)
    }

    /// The non-empty lines of the state file, in order.
    private func stateLines() -> [String] {
        guard let statePath, let text = try? String(contentsOfFile: statePath, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func finishWith(stderr: String, exitCode: Int32) -> Never {
        finish(StandinAnswer(stderr: stderr, exitCode: exitCode))
    }
}
