/// A fixture file that is not JSON: where and why, for the setup error the stand-in prints.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let offset: Int
    let reason: String

    var description: String { "\(reason) at byte \(offset)" }
}
