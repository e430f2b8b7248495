import Foundation

/// The page the till serves (HTML, CSS, JS), shipped inside the package: no CDN, no build
/// step, works with the network cable pulled. Read once at start.
struct TillResources: Sendable {
    let files: [String: (type: String, body: Data)]

    static func load() -> TillResources {
        var files: [String: (type: String, body: Data)] = [:]
        for (name, ext, type) in [("index", "html", "text/html; charset=utf-8"), ("till", "css", "text/css; charset=utf-8"),
                                  ("till", "js", "text/javascript; charset=utf-8")] {
            if let url = Bundle.module.url(forResource: name, withExtension: ext), let body = try? Data(contentsOf: url) {
                files["\(name).\(ext)"] = (type, body)
            }
        }
        return TillResources(files: files)
    }
}
