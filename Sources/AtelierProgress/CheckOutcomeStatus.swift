import AtelierContent

/// The verdict of one check as the progress files keep it: the check engine's own `CheckStatus`
/// (one type for one idea since AtelierContent is a leaf the progress module may use).
public typealias CheckOutcomeStatus = CheckStatus
