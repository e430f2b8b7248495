import Foundation

/// Polls `condition` generously (a busy 2-core machine): up to `seconds`.
func eventually(_ seconds: Int = 90, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
}
