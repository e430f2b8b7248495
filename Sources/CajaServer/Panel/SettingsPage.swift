/// One page of *Configuración* (issue 14): the section's own view in `section`, around it the
/// sub-menu of every section and the outcome of the last form (a notice, or the refusal).
/// Forms are shown only to an admin; a supervisor reads.
struct SettingsPage<Section: Sendable>: Sendable {
    struct Link: Sendable {
        var label: String
        var href: String
        var active: Bool
    }

    var admin: Bool
    var notice: String?
    var error: String?
    /// The form field the error is about.
    var errorField: String?
    var sections: [Link]
    var section: Section

    /// Every section of *Configuración*, in the order an owner sets up a shop.
    static func sections(active: String) -> [Link] {
        [("Empresa", "empresa"), ("Certificado", "certificado"), ("Puntos de facturación", "puntos"), ("Usuarios", "usuarios"),
         ("Productos", "productos"), ("Cajas", "cajas"), ("Bitácora", "bitacora")]
            .map { Link(label: $0.0, href: "/panel/configuracion/\($0.1)", active: "/panel/configuracion/\($0.1)" == active) }
    }
}
