/// A progress file that could not be read or parsed and was moved aside, shown to trainers so that
/// no learner's loss goes unnoticed. JSON keys: `file`, `movedTo`, `at`.
public struct CorruptFileReport: Sendable, Hashable, Codable {
    /// The original file name, e.g. `abcdefgh2345.json`.
    public let file: String
    /// The name it now has in the same directory, e.g. `abcdefgh2345.json.corrupt-20261125T090012Z`.
    public let movedTo: String
    public let at: ISOTimestamp

    public init(file: String, movedTo: String, at: ISOTimestamp) {
        self.file = file
        self.movedTo = movedTo
        self.at = at
    }
}
