import Foundation

// A stand-in for `kubectl`, driven by scenario fixtures; see README.md for the format and the
// environment variables. It is a test tool: it never talks to a cluster.

let environment = ProcessInfo.processInfo.environment
let argv = Array(CommandLine.arguments.dropFirst())

/// The scenarios shipped next to this file, when KUBECTL_STANDIN_DIR is not set.
let defaultRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scenarios")

let gauge = environment["KUBECTL_STANDIN_CONCURRENCY"]
ConcurrencyGauge.enter(gauge)

func finish(_ answer: StandinAnswer) -> Never {
    FileHandle.standardOutput.write(Data(answer.stdout.utf8))
    FileHandle.standardError.write(Data(answer.stderr.utf8))
    ConcurrencyGauge.leave(gauge)
    exit(answer.exitCode)
}

/// KUBECTL_STANDIN_CLASS: one state file per learner namespace (see ClassRoom.swift).
let classRoom = environment["KUBECTL_STANDIN_CLASS"].flatMap { $0.isEmpty ? nil : ClassRoom(directory: $0) }
/// Read once before the scenario: `config view` needs none, a kubeconfig or a namespace may choose it.
let earlyArguments = try? StandinArguments.parse(argv)
if let arguments = earlyArguments, arguments.verb == "config" {
    StandinLog.append(scenario: "-", arguments: argv, childPid: nil, to: environment["KUBECTL_STANDIN_LOG"])
    finish(ConfigCommand.run(arguments))
}
/// A call aimed at one namespace of the class answers from that namespace's state.
let classNamespace: String? = if let classRoom, let namespace = earlyArguments?.namespace, classRoom.contains(namespace) {
    namespace
} else {
    nil
}

func scenarioName() -> String? {
    if let table = environment["KUBECTL_STANDIN_SERVERS"], !table.isEmpty, let kubeconfig = earlyArguments?.kubeconfig {
        switch ConfigCommand.scenario(servers: table, kubeconfig: kubeconfig) {
        case .scenario(let name): return name
        case .unreachable(let stderr):
            StandinLog.append(scenario: "-", arguments: argv, childPid: nil, to: environment["KUBECTL_STANDIN_LOG"])
            finish(StandinAnswer(stderr: stderr, exitCode: 1))
        }
    }
    if let name = environment["KUBECTL_STANDIN_SCENARIO"], !name.isEmpty { return name }
    if let classRoom, let classNamespace, let last = classRoom.lines(classNamespace).last { return last }
    guard let path = environment["KUBECTL_STANDIN_STATE"], let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        return classRoom == nil ? nil : "empty"
    }
    // The last non-empty line: tests append scenario names so that watches replay each state.
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return lines.last
}

guard let name = scenarioName() else {
    finish(StandinAnswer(stderr: "kubectl-standin: no scenario: set KUBECTL_STANDIN_SCENARIO or KUBECTL_STANDIN_STATE\n", exitCode: 2))
}
let root = environment["KUBECTL_STANDIN_DIR"].map { URL(fileURLWithPath: $0) } ?? defaultRoot
let scenario: Scenario
do {
    scenario = try Scenario.load(name, root: root)
} catch {
    finish(StandinAnswer(stderr: error.stderr, exitCode: error.exitCode))
}

var childPid: Int32?
if scenario.config.spawnChild == true {
    // posix_spawn without flags: the child stays in our process group, like the real kubectl
    // that `microk8s kubectl` starts (Foundation's Process would move it to a session of its own).
    var pid: pid_t = 0
    let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("300"), nil]
    // An ignored signal stays ignored across exec: the grandchild inherits SIG_IGN, we do not keep it.
    if scenario.config.childIgnoresSigterm == true { signal(SIGTERM, SIG_IGN) }
    if posix_spawn(&pid, "/bin/sleep", nil, nil, arguments, environ) == 0 { childPid = pid }
    if scenario.config.childIgnoresSigterm == true { signal(SIGTERM, SIG_DFL) }
    arguments.forEach { free($0) }
}
StandinLog.append(scenario: scenario.name, arguments: argv, childPid: childPid, to: environment["KUBECTL_STANDIN_LOG"])

// A gate tests hold closed: opening a named pipe for reading blocks until someone opens it for
// writing, so every invocation waits here (after logging) until the test opens the gate.
if let gate = environment["KUBECTL_STANDIN_GATE"], !gate.isEmpty {
    let descriptor = open(gate, O_RDONLY | O_CLOEXEC)
    if descriptor >= 0 { close(descriptor) }
}

if scenario.config.ignoreSigterm == true {
    signal(SIGTERM, SIG_IGN)
}
let delay = (Int(environment["KUBECTL_STANDIN_DELAY_MS"] ?? "") ?? 0) + (scenario.config.delayMs ?? 0)
if delay > 0 {
    usleep(useconds_t(min(delay, 600_000) * 1000))
}
if scenario.config.hang == true {
    while true { sleep(1000) }
}
if let bytes = scenario.config.stdoutBytes {
    let chunk = Data(repeating: UInt8(ascii: " "), count: 65536)
    var written = 0
    while written < bytes {
        let count = min(chunk.count, bytes - written)
        FileHandle.standardOutput.write(chunk.prefix(count))
        written += count
    }
    finish(StandinAnswer())
}
if let raw = scenario.config.rawStdout {
    finish(StandinAnswer(stdout: raw))
}

do {
    let arguments = try StandinArguments.parse(argv)
    let namespace = classNamespace ?? environment["KUBECTL_STANDIN_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    if let classRoom, arguments.verb == "get", arguments.allNamespaces, !arguments.watch {
        finish(try classRoom.listAll(arguments, root: root))
    }
    let responder = Responder(scenario: scenario, arguments: arguments, learnerNamespace: namespace)
    if arguments.verb == "get" && arguments.watch {
        try responder.refuseIfFailing()
        // A learner's own cluster (KUBECTL_STANDIN_SERVERS) has a fixed state: the state file is the server's.
        let ownCluster = environment["KUBECTL_STANDIN_SERVERS"].map { !$0.isEmpty } == true && arguments.kubeconfig != nil
        let statePath = environment["KUBECTL_STANDIN_SCENARIO"].flatMap { $0.isEmpty ? nil : $0 } == nil && !ownCluster
            ? environment["KUBECTL_STANDIN_STATE"] : nil
        let classWatch = classRoom.flatMap { room in arguments.allNamespaces || classNamespace != nil ? room : nil }
        WatchStream(root: root, arguments: arguments, learnerNamespace: namespace, statePath: statePath, classRoom: classWatch)
            .run(from: scenario)
    }
    finish(try responder.respond())
} catch {
    finish(StandinAnswer(stdout: error.stdout, stderr: error.stderr, exitCode: error.exitCode))
}
