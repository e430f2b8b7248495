import Hummingbird

extension Request {
    /// A query parameter by name; an empty one (a form's blank field) is absent.
    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}
