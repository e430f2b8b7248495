import Crypto
import Foundation
import Synchronization

/// The one-time setup secret of a server started with no company and no demo data
/// (issue 14): printed on the console that started it (never logged, never in `/metrics`),
/// asked for by the setup page, and closed once the first company exists. Only its SHA-256
/// is kept; the comparison takes the same time whatever the guess.
final class SetupGate: Sendable {
    private let digest: Mutex<Data?>

    /// A gate with a new secret (returned once, for the console), or a closed one.
    static func open(random: RandomSource) -> (gate: SetupGate, secret: String) {
        let secret = AccountService.newToken(random: random)
        return (SetupGate(digest: Self.hash(secret)), secret)
    }

    static let closed = SetupGate(digest: nil)

    private init(digest: Data?) { self.digest = Mutex(digest) }

    var isOpen: Bool { digest.withLock { $0 != nil } }

    func accepts(_ guess: String) -> Bool {
        guard let expected = digest.withLock({ $0 }) else { return false }
        return zip(Self.hash(guess), expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// After the first company: the secret is spent.
    func close() { digest.withLock { $0 = nil } }

    private static func hash(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }
}
