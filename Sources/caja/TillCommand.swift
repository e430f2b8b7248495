import ArgumentParser
import CajaRegister
import CajaTill
import Foundation

/// `caja ui`: the cashier's screen, a long-lived register serving a local page on 127.0.0.1
/// for a kiosk browser, over the same home and store as the other commands.
struct UI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Pantalla de caja: sirve la página de venta en http://127.0.0.1:PUERTO (navegador en modo kiosco).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Puerto local de la pantalla.") var port: Int = 8765
    @Option(help: "Impresora de recibos: ruta del dispositivo (/dev/usb/lp0) o tcp://HOST:9100.") var printer: String?
    @Flag(help: "Abrir el cajón de dinero (pulso ESC p) con cada venta en efectivo.") var drawer = false
    @Option(help: "Ancho del recibo en mm: 58 u 80.") var width: Int = 80
    @Option(help: "Segundos entre comprobaciones de la conexión con el servidor.") var probeSeconds: Int = 5

    func run() async throws {
        do {
            var configuration = TillConfiguration(register: global.configuration)
            guard (0...65535).contains(port) else { throw invalid("Puerto no válido: \(port).") }
            configuration.port = port
            if let printer {
                guard let destination = PrinterDestination(parsing: printer) else {
                    throw invalid("Impresora no válida: «\(printer)». Use una ruta (/dev/usb/lp0) o tcp://HOST:9100.")
                }
                configuration.printer = destination
            }
            configuration.drawer = drawer
            guard let paper = Receipt.Paper(rawValue: width) else { throw invalid("Ancho de recibo no válido: \(width). Use 58 u 80.") }
            configuration.paper = paper
            configuration.probeInterval = .seconds(max(1, probeSeconds))
            let app = try TillApp(configuration)
            try await app.run { port in
                // Unbuffered (PITFALLS: print to a pipe is block-buffered): a supervisor sees it at once.
                FileHandle.standardOutput.write(Data("Caja — pantalla de caja en http://127.0.0.1:\(port)  (Ctrl-C para salir)\n".utf8))
            }
        } catch let error as RegisterError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        } catch where "\(error)".contains("Address already in use") {
            FileHandle.standardError.write(Data("Error: el puerto \(port) ya está en uso (¿hay otra pantalla de caja abierta?). Use --port.\n".utf8))
            throw ExitCode(1)
        }
    }
}
