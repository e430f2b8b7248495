import CajaCore
import Foundation
import SQLKit

/// *Configuración › Empresa* and *› Certificado* (issue 14, item 2): the company's issuer data
/// and its signing certificate. Each change bumps `settings_version`, so every server's
/// cached issuer and signer and every register's catalog (its ETag) follow at once.
extension SettingsService {
    func company(of identity: Identity) async throws -> CompanyView {
        _ = try identity.require(.admin, .supervisor)
        let companies = repositories.companies
        let row = try await database.read { db in try await companies.company(identity.companyID, db: db) }
        return try Self.view(try row.orThrow("company"))
    }

    /// Replaces the company's data. Production is refused while the company signs with Caja's
    /// provisional certificate (``CertificateFacts/isProvisional(_:)``): the DGI would refuse
    /// every document.
    func updateCompany(_ settings: CompanySettings, by identity: Identity) async throws -> CompanyView {
        _ = try identity.require(.admin)
        let issuer = try Self.issuer(from: settings)
        let issuerJson = String(decoding: try StrictJSON.encoder.encode(issuer), as: UTF8.self)
        let companies = repositories.companies
        try await change(by: identity, action: "company.update", subject: settings.tradeName) { db in
            let row = try await companies.company(identity.companyID, db: db).orThrow("company")
            let before = try Self.view(row).settings
            if settings.environment == .production, CertificateFacts.isProvisional(row.certificatePem) {
                throw CajaError(.productionNeedsCertificate, field: "environment",
                                "upload the company's own certificate before switching to production")
            }
            try await companies.updateIssuer(of: identity.companyID, name: settings.tradeName, issuerJson: issuerJson, db: db)
            var after = CompanySettings(tradeName: settings.tradeName, issuer: issuer)
            after.email = issuer.email
            return (try Self.json(before), try Self.json(after))
        }
        return try await company(of: identity)
    }

    /// The issuer the settings describe, checked as the setup checks a new company (the DV
    /// with the DGI's algorithm, the location in its catalog, whose names it takes). Errors
    /// name the settings' fields (`dv`, `locationCode`).
    static func issuer(from settings: CompanySettings) throws(CajaError) -> Issuer {
        do {
            try Identifier.check(settings.tradeName, field: "tradeName", length: 1...100)
            let place = try LocationCatalog.require(settings.locationCode, field: "issuer.location.code")
            let email = settings.email.flatMap { $0.isEmpty ? nil : $0 }
            let issuer = Issuer(taxID: TaxpayerID(kind: settings.kind, ruc: settings.ruc, dv: settings.dv), name: settings.legalName,
                                branch: settings.branch, coordinates: settings.coordinates, address: settings.address, location: place,
                                phones: settings.phones, environment: settings.environment.environment, email: email)
            try CompanyRegistration.check(issuer)
            return issuer
        } catch {
            var renamed = error
            renamed.field = error.field.map(settingsField)
            throw renamed
        }
    }

    /// An issuer field's name in ``CompanySettings`` (`issuer.taxID.dv` is `dv`).
    static func settingsField(_ field: String) -> String {
        guard field.hasPrefix("issuer.") else { return field }
        let name = String(field.dropFirst("issuer.".count))
        let renamed = ["taxID.ruc": "ruc", "taxID.dv": "dv", "name": "legalName", "location.code": "locationCode"]
        if let known = renamed[name] { return known }
        return name.hasPrefix("location") ? "locationCode" : name
    }

    static func view(_ row: CompanyEntry) throws -> CompanyView {
        let issuer = try StrictJSON.decoder.decode(Issuer.self, from: Data(row.issuerJson.utf8))
        return CompanyView(settings: CompanySettings(tradeName: row.name, issuer: issuer), location: issuer.location,
                           ownCertificate: !CertificateFacts.isProvisional(row.certificatePem))
    }

    // MARK: - Certificate

    /// The certificate the company signs with (admin, supervisor); never the key.
    func certificate(of identity: Identity) async throws -> CredentialsInfo {
        _ = try identity.require(.admin, .supervisor)
        let companies = repositories.companies
        let row = try await database.read { db in try await companies.company(identity.companyID, db: db) }
        return try CertificateFacts.info(try row.orThrow("company").certificatePem)
    }

    /// Stores a new key and certificate (sealed by ``CompanyService/sealed(_:qrSecret:)``) with
    /// its audit entry `certificate.replace`: before and after are subject, serial and
    /// validity, never key material.
    func replaceCredentials(_ sealed: SealedCredentials, by identity: Identity) async throws -> CredentialsInfo {
        _ = try identity.require(.admin)
        let info = try CertificateFacts.info(sealed.certificatePEM)
        let companies = repositories.companies
        try await change(by: identity, action: "certificate.replace", subject: info.subject) { db in
            let row = try await companies.company(identity.companyID, db: db).orThrow("company")
            let before = try CertificateFacts.Summary(CertificateFacts.info(row.certificatePem))
            try await companies.replaceCredentials(of: identity.companyID, sealedKey: sealed.key, certificatePEM: sealed.certificatePEM,
                                                   sealedQRSecret: sealed.qrSecret, db: db)
            return (try Self.json(before), try Self.json(CertificateFacts.Summary(info)))
        }
        credentialsReplaced()
        return info
    }
}
