import Foundation

/// The on-disk form of a learner: pretty-printed JSON with sorted keys, so that files diff cleanly
/// and a trainer can read one in an emergency.
enum RecordCoding {
    /// Far above any real learner (a few thousand check runs weigh a few MiB), low enough that a
    /// stray huge file cannot exhaust memory at start-up.
    static let maximumFileBytes = 64 << 20

    /// A learner's file, and `classes.json` in the same form.
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var bytes = [UInt8](try encoder.encode(value))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Decodes and checks what the type system cannot: the id matches the file name, the hash has
    /// the shape of a SHA-256, counters are not negative. Returns the reason on failure, for the log.
    static func decode(_ data: Data, fileName: String, using decoder: JSONDecoder) -> Result<LearnerRecord, LoadFailure> {
        guard !data.isEmpty else { return .failure(LoadFailure(reason: "empty file")) }
        let record: LearnerRecord
        do {
            record = try decoder.decode(LearnerRecord.self, from: data)
        } catch {
            return .failure(LoadFailure(reason: "invalid JSON or schema: \(describe(error))"))
        }
        guard fileName == record.id + ".json", LearnerID.isValid(record.id) else {
            return .failure(LoadFailure(reason: "id \(record.id.prefix(20)) does not match the file name"))
        }
        guard LearnerToken.isHashShaped(record.tokenHash) else {
            return .failure(LoadFailure(reason: "tokenHash is not a SHA-256 hex digest"))
        }
        if let hash = record.resumeCodeHash, !LearnerToken.isHashShaped(hash) {
            return .failure(LoadFailure(reason: "resumeCodeHash is not a SHA-256 hex digest"))
        }
        if let classId = record.classId, !LearnerID.isValid(classId) {
            return .failure(LoadFailure(reason: "classId is not a class id"))
        }
        for lesson in record.lessons.values {
            for step in lesson.steps.values where step.attempts < 0 || step.failedInARow < 0 {
                return .failure(LoadFailure(reason: "negative counter"))
            }
        }
        return .success(record)
    }

    /// A short, token-free explanation of a decoding error for the log.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(type(of: error))" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return "data corrupted at '\(path(context))': \(context.debugDescription.prefix(120))"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at '\(path(context))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))'"
        @unknown default:
            return "decoding error"
        }
    }
}
