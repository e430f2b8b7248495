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
