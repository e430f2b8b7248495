import ArgumentParser
import CajaCore
import CajaServer
import Foundation
import Logging

/// `caja-server company …`: companies from a script.
struct CompanyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "company", abstract: "Companies of this server.",
                                                    subcommands: [CreateCompany.self])
}
