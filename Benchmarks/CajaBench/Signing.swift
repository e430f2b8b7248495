import CajaCore
import Crypto
import _CryptoExtras
import Foundation

/// 5. CUFE + rFE XML + XML signature per document on one core; baselines: the same without
/// the signature, and BoringSSL's bare RSA-2048 signature of 32 bytes (the floor).
enum SigningBenchmark {
    static func run(count: Int) throws -> [Result] {
        let credentials = try SigningCredentials.selfSigned(commonName: "Bench", organization: "Bench", now: Date())
        let signer = FESigner(credentials: credentials, qrCode: QRCode(secret: SymmetricKey(size: .bits256)))
        let issuer = Issuer(taxID: TaxpayerID(kind: .legalEntity, ruc: "155704849-2-2021", dv: "32"), name: "Bench S.A.", branch: "0001",
                            coordinates: "+8.9824,-79.5199", address: "Calle 50, Ciudad de Panamá",
                            location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
                            phones: ["507-1234"], environment: .test)
        var generator = SystemRandomNumberGenerator()
        func document(_ n: Int) throws -> FiscalDocument {
            let draft = DocumentDraft(id: UUID(), type: .invoice, lines: [
                LineItem(code: "7504", description: "Café molido 1 lb", quantity: Quantity(2), unitPrice: Money(cents: 599), rate: .general),
                LineItem(code: "7501", description: "Arroz 5 lb", quantity: Quantity(1), unitPrice: Money(cents: 425), rate: .exempt),
            ], payments: [.cash(Money(cents: 2000))])
            let issuance = Issuance(pointOfSale: try PointOfSale("001"), number: try DocumentNumber(Int64(n + 1)), issuedAt: Date(),
                                    securityCode: SecurityCode.random(using: &generator))
            return try FiscalDocument(draft: draft, issuer: issuer, issuance: issuance)
        }
        // Warm up.
        for n in 0..<20 { _ = try signer.sign(try document(n)) }

        var start = ContinuousClock.now
        for n in 0..<count { _ = try signer.sign(try document(n)) }
        let signedRate = Double(count) / (ContinuousClock.now - start).seconds

        start = ContinuousClock.now
        var bytes = 0
        for n in 0..<count { bytes += RFEWriter.unsignedBody(of: try document(n)).utf8.count }
        let unsignedRate = Double(count) / (ContinuousClock.now - start).seconds

        let digest = Data(repeating: 7, count: 32)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        start = ContinuousClock.now
        for _ in 0..<count { _ = try key.signature(for: digest, padding: .insecurePKCS1v1_5) }
        let rsaRate = Double(count) / (ContinuousClock.now - start).seconds
        precondition(bytes > 0)

        return [
            Result(benchmark: "5. CUFE + XML + signature", measure: "signed documents/s, 1 core", ours: Format.rate(signedRate),
                   baseline: "\(Format.rate(rsaRate)) bare RSA-2048", ratio: Format.ratio(signedRate / rsaRate), goal: "≥ 5,000 /s",
                   met: signedRate >= 5000),
            Result(benchmark: "5. CUFE + XML + signature", measure: "unsigned documents/s (CUFE + XML only)", ours: Format.rate(unsignedRate),
                   baseline: "—", ratio: "—", goal: "—", met: nil),
        ]
    }
}
