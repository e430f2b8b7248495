/// *Configuración › Puntos de facturación*: every point with its description form, and the
/// form for a new one (or a deactivated one back).
struct PointsSettingsView: Sendable {
    struct Row: Sendable {
        var code: String
        var description: String
        var active: Bool
    }

    var points: [Row]
    var newCode: String
    var newDescription: String
}
