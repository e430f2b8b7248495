import ArgumentParser

/// `swift run caja-server`: the HTTP API on port 8080 with an embedded SQLite file under
/// ./caja-data and a demo company on first start; `--db postgres://…` for PostgreSQL.
/// `caja-server company create …` registers a company from a script.
@main
struct CajaServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caja-server", abstract: "Caja: servidor de facturación electrónica.",
        subcommands: [Serve.self, CompanyCommand.self], defaultSubcommand: Serve.self)
}
