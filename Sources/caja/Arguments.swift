import CajaCore
import CajaRegister

/// An argument that is not valid (`INVALID_ARGUMENT`, exit 2, like every invalid input): the
/// catalog's sentence and `specifics`, which say which argument and what it takes.
func invalid(_ specifics: String) -> RegisterError { RegisterError(.invalidArgument, specifics) }

/// The amount given to `option`, nil when it was not given.
func money(_ text: String?, option: String) throws(RegisterError) -> Money? {
    guard let text else { return nil }
    guard let value = Money(text), !value.isNegative else { throw invalid("Monto no válido en \(option): «\(text)».") }
    return value
}
