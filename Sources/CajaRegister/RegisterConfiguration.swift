import CajaCore
import Foundation
import NIOCore

/// Everything the register can be told, with defaults that work (flags and environment
/// variables of `caja` fill it; tests pass their own clock and timings).
public struct RegisterConfiguration: Sendable {
    /// The store's directory (`--home`, `CAJA_HOME`, else `~/.caja`).
    public var home: URL
    /// The journal's directory, apart from the store (`--journal-dir`, default `HOME/journal`).
    public var journalDirectory: URL
    /// The register's clock. It is not trusted (O8): see ``RegisterStore/noteTime(_:)``.
    public var clock: @Sendable () -> Date = { Date() }
    /// dSeg of each document.
    public var securityCode: @Sendable () -> SecurityCode = {
        var generator = SystemRandomNumberGenerator()
        return SecurityCode.random(using: &generator)
    }
    /// A new block is reserved when fewer numbers than this remain for a type (N2).
    public var blockLowWater: Int64 = 20
    public var blockSize: Int = 100
    public var syncBatchSize: Int = 100
    /// Tries per sync batch when the server does not answer, with doubling waits and jitter.
    public var syncAttempts: Int = 3
    public var retryBase: Duration = .milliseconds(250)
    public var requestTimeout: TimeAmount = .seconds(15)
    public var policy: OfflinePolicy = .standard

    public init(home: URL, journalDirectory: URL? = nil) {
        self.home = home
        self.journalDirectory = journalDirectory ?? home.appendingPathComponent("journal")
    }
}

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
