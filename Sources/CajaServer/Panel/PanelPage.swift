import CajaCore
import Foundation

/// What every page shows around its body: the company, the user, the menu, the CSRF token
/// its forms carry. Templates read these by name (swift-mustache reflects the structs).
struct PanelPage<Body>: Sendable where Body: Sendable {
    struct NavItem: Sendable {
        var label: String
        var href: String
        var active: Bool
    }

    var title: String
    var company: String
    var user: String
    var role: String
    var csrf: String
    var nav: [NavItem]
    var body: Body

    static func nav(active: String) -> [NavItem] {
        [("Inicio", "/panel"), ("Documentos", "/panel/documentos"), ("Sesiones offline", "/panel/sesiones"),
         ("Numeración", "/panel/numeracion"), ("Reportes Z", "/panel/reportes-z"), ("Cola DGI", "/panel/cola-dgi"),
         ("Configuración", "/panel/configuracion")]
            .map { NavItem(label: $0.0, href: $0.1, active: $0.1 == active) }
    }
}
