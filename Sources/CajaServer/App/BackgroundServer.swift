import ServiceLifecycle

/// A server group that ``CajaServerApp/runInBackground(drainFor:)`` runs in a task.
public struct BackgroundServer: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>
}
