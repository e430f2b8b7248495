import CajaCore
import Hummingbird

/// `POST /v1/sync`: offline documents, their sessions and grants; an answer per document.
struct SyncController {
    let sync: SyncService
    let maxBodySize: Int

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("sync") { request, context in
            let identity = try context.requireIdentity()
            let body = try await StrictJSON.decode(SyncRequest.self, from: request, limit: maxBodySize)
            return JSONResponse(value: try await sync.sync(body, by: identity))
        }
    }
}
