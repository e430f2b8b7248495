/// The conditions the cashier accepts to activate modo offline (O2); their version is
/// recorded with the acceptance and travels to the server.
public enum OfflineTerms {
    public static let version = "2026-01"
    public static let text = """
        CONDICIONES DEL MODO OFFLINE (versión \(version))
        - Solo método caja registradora, a consumidor final, facturas (01) y notas de crédito genéricas (06), pago en efectivo.
        - Los documentos se emiten en contingencia y no se envían a la DGI hasta que vuelva la conexión.
        - El modo offline dura como máximo 24 horas desde su activación; después no se puede emitir hasta enviar los documentos.
        - No se puede hacer el Reporte Z en modo offline.
        - Usted es responsable de conectar la caja y enviar los documentos lo antes posible.
        """
}
