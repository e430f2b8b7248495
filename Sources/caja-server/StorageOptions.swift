import ArgumentParser
import CajaServer
import Foundation

/// Where the server's data is: the options every subcommand shares.
struct StorageOptions: ParsableArguments {
    @Option(help: "Directory of the embedded SQLite database.") var dataDir = "./caja-data"
    @Option(name: .customLong("db"), help: "PostgreSQL URL (postgres://user:pass@host:port/db); default CAJA_DATABASE_URL, else SQLite.")
    var databaseURL: String?

    /// A configuration reading this data (and `CAJA_MASTER_KEY`, which seals the signing keys).
    func configuration() -> ServerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var config = ServerConfiguration()
        config.dataDirectory = dataDir
        config.databaseURL = databaseURL ?? environment["CAJA_DATABASE_URL"]
        config.masterKey = environment["CAJA_MASTER_KEY"]
        return config
    }
}
