import CajaRegister
import Foundation

/// Everything `caja ui` can be told, with defaults that work; tests pass their own clock,
/// boot clock, printer and timings.
public struct TillConfiguration: Sendable {
    /// The register under the screen: the same home and store the command line uses.
    public var register: RegisterConfiguration
    /// Always loopback: the till is for the kiosk browser on this machine.
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port = 8765
    public var printer: PrinterDestination?
    /// Send the drawer pulse (ESC p) with every cash sale.
    public var drawer = false
    public var paper: Receipt.Paper = .mm80
    /// How long a receipt may take to reach the printer before the screen says it did not.
    public var printTimeout: Duration = .seconds(3)
    /// How often the server is probed in the background (and pending documents sent).
    public var probeInterval: Duration = .seconds(5)
    /// The clock the user cannot set (O8).
    public var bootClock: any BootClock = SystemBootClock()
    /// The device name a login from the screen uses when the page gives none.
    public var deviceName: String = ProcessInfo.processInfo.hostName

    public init(register: RegisterConfiguration) {
        self.register = register
    }
}
