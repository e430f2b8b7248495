import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

/// `caja`: the cash register's command line. Spanish for the cashier, `--json` for scripts,
/// exit codes 0 ok · 2 invalid input · 3 refused by a rule · 4 server unreachable · 1 other.
@main
struct Caja: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caja",
        abstract: "Caja registradora de facturación electrónica (Panamá), con modo offline.",
        subcommands: [Login.self, Logout.self, Reset.self, Status.self, Catalog.self, Sell.self, Invoice.self, CreditNote.self,
                      Offline.self, Sync.self, ZReportCommand.self, ReceiptCommand.self, CUFECommand.self, Recover.self, UI.self])

    /// The contract is `caja [--home DIR] COMMAND`: global options may come before the
    /// command. ArgumentParser reads a subcommand's options only after its name, so leading
    /// global options are moved to the end before parsing.
    static func main() async {
        let arguments = GlobalOptions.movingLeadingGlobals(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("home"), help: "Directorio de la caja (por defecto CAJA_HOME, o ~/.caja).")
    var home: String?

    @Option(name: .customLong("journal-dir"),
            help: "Directorio del diario de respaldo (por defecto CAJA_JOURNAL_DIR, o HOME-journal junto al directorio de la caja).")
    var journalDirectory: String?

    @Flag(name: .customLong("json"), help: "Salida en JSON.")
    var json = false

    static func movingLeadingGlobals(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--json" {
                globals.append(first)
                rest = rest.dropFirst()
            } else if ["--home", "--journal-dir"].contains(first), rest.count >= 2 {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--home=") || first.hasPrefix("--journal-dir=") {
                globals.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return Array(rest) + globals
    }

    var configuration: RegisterConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let path = home ?? environment["CAJA_HOME"] ?? (NSHomeDirectory() as NSString).appendingPathComponent(".caja")
        // The journal (N1): --journal-dir, else CAJA_JOURNAL_DIR, else beside the home (see
        // RegisterConfiguration.defaultJournalDirectory), never inside it.
        let journal = journalDirectory ?? environment["CAJA_JOURNAL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        var configuration = RegisterConfiguration(home: URL(fileURLWithPath: path),
                                                  journalDirectory: journal.map { URL(fileURLWithPath: $0) })
        // Block top-up (N2): the server sizes blocks from the device's history and says how
        // many numbers to hold; without that advice, a new block when fewer than
        // CAJA_BLOCK_LOW_WATER remain. CAJA_BLOCK_SIZE is an explicit override of the size
        // requested (the server still caps it).
        if let low = environment["CAJA_BLOCK_LOW_WATER"].flatMap(Int64.init), low >= 0 { configuration.blockLowWater = low }
        if let size = environment["CAJA_BLOCK_SIZE"].flatMap(Int.init), size > 0 { configuration.blockSize = size }
        // How long a request waits for the server's answer before it counts as unreachable.
        if let seconds = environment["CAJA_REQUEST_TIMEOUT"].flatMap(Int64.init), seconds > 0 {
            configuration.requestTimeout = .seconds(seconds)
        }
        return configuration
    }

    /// Opens the register, runs `body` and prints its result; a register error prints its
    /// Spanish message (or the JSON error) and exits with its code.
    func run<T: Encodable>(_ body: (Register) async throws(RegisterError) -> T, text: (T) -> String) async throws {
        do {
            let register = try Register(configuration)
            let value = try await body(register)
            if json { Output.printJSON(value) } else { print(text(value), terminator: "") }
        } catch let error as RegisterError {
            if json {
                Output.printJSON(APIErrorBody(code: error.code, message: error.message))
            } else {
                FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            }
            throw ExitCode(error.exitCode)
        }
    }
}

enum Output {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func printJSON(_ value: some Encodable) {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Arguments that are not valid exit with code 2 and a Spanish message, like every invalid input.
func invalid(_ message: String) -> RegisterError { RegisterError(.invalidInput, code: "INVALID_ARGUMENT", message) }

func money(_ text: String?, option: String) throws(RegisterError) -> Money? {
    guard let text else { return nil }
    guard let value = Money(text), !value.isNegative else { throw invalid("Monto no válido en \(option): «\(text)».") }
    return value
}
