import CajaRegister
import Testing

/// Runs `body` and returns the register error it threw (failing the test when it threw none).
public func refusal(_ body: () async throws -> Any) async -> RegisterError? {
    do {
        _ = try await body()
        Issue.record("expected a refusal, the command succeeded")
        return nil
    } catch let error as RegisterError {
        return error
    } catch {
        Issue.record("expected a RegisterError, got \(error)")
        return nil
    }
}
