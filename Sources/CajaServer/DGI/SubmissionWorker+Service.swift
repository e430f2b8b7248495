import ServiceLifecycle

extension SubmissionWorker: Service {
    /// Runs the queue until the service group shuts down (or the task is cancelled).
    func run() async throws {
        await cancelWhenGracefulShutdown { await self.work() }
    }
}
