import ArgumentParser
import CajaCore
import CajaServer
import Foundation
import Logging

/// `caja-server company create`: the setup page's work from the command line, on the same
/// data the server uses (stop it first when it runs on SQLite; PostgreSQL may stay up).
struct CreateCompany: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a company with its first points of sale and administrator.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "Trade name (nombre comercial).") var name: String
    @Option(help: "Legal name as registered with the DGI (default: the trade name).") var legalName: String?
    @Option(help: "RUC, e.g. 155704849-2-2021.") var ruc: String
    @Option(help: "Check digits (DV) of the RUC.") var dv: String
    @Flag(help: "The taxpayer is a natural person (default: a legal entity).") var natural = false
    @Option(help: "Branch code (dSucEm).") var branch = "0001"
    @Option(help: "Branch address.") var address: String
    @Option(help: "DGI location code province-district-corregimiento, e.g. 8-8-7.") var location: String
    @Option(help: "Corregimiento of the location (default: the DGI catalog's name).") var corregimiento = ""
    @Option(help: "District of the location (default: the DGI catalog's name).") var district = ""
    @Option(help: "Province of the location (default: the DGI catalog's name).") var province = ""
    @Option(help: "The company's e-mail, written in its documents (optional).") var email: String?
    @Option(help: "Branch coordinates, e.g. +8.9824,-79.5199.") var coordinates: String
    @Option(help: "Phone, 123-4567 or 6123-4567.") var phone: String
    @Option(help: "First points of sale, comma-separated.") var points = "001"
    @Option(help: "User name of the first administrator (unique on this server).") var admin: String
    @Option(help: "File whose first line is the administrator's password (else it is asked for).") var passwordFile: String?

    func run() async throws {
        let password = try readPassword()
        var registration = CompanyRegistration(
            tradeName: name, legalName: legalName ?? name, kind: natural ? .natural : .legalEntity, ruc: ruc, dv: dv,
            address: address, location: Location(code: location, corregimiento: corregimiento, district: district, province: province),
            coordinates: coordinates, phone: phone, adminUser: admin, adminPassword: password)
        registration.branch = branch
        registration.email = email
        registration.pointsOfSale = points.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var config = storage.configuration()
        config.seedDemoData = false
        config.dgiWorker = false           // nothing is sent from here
        config.dgiSimulator = true         // (start needs a DGI; none is used)
        var logger = Logger(label: "caja-server")
        logger.logLevel = .warning
        let server = try await CajaServerApp.start(config, logger: logger)
        do {
            let id = try await server.register(registration)
            await server.shutdown()
            print("Empresa creada: \(name) (\(id.uuidString)). Administrador: \(admin). Puntos: \(registration.pointsOfSale.joined(separator: ", ")).")
        } catch let error as CajaError {
            await server.shutdown()
            throw ValidationError("\(error.spanishMessage)\(error.field.map { " (campo: \($0))" } ?? "") [\(error.code.rawValue)]")
        } catch {
            await server.shutdown()
            throw error
        }
    }

    private func readPassword() throws -> String {
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("No se puede leer el archivo de la clave: \(passwordFile)")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard let typed = getpass("Clave del administrador: ") else { throw ValidationError("No se leyó la clave.") }
        let first = String(cString: typed)
        guard let again = getpass("Repita la clave: "), String(cString: again) == first else {
            throw ValidationError("Las dos claves no coinciden.")
        }
        return first
    }
}
