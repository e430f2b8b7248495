import Foundation

extension Receipt {
    /// The receipt as ESC/POS bytes for a thermal printer: initialise, Windows-1252 code page
    /// (Spanish accents), centred header, the lines, the consultation URL as the printer's own
    /// QR code (GS ( k, model 2), feed and cut.
    public var escpos: Data {
        var out = Data([0x1B, 0x40])                 // ESC @: initialise
        out += [0x1B, 0x74, 16]                      // ESC t 16: code page WPC1252
        out += [0x1B, 0x61, 1]                       // ESC a 1: centre
        out += [0x1B, 0x45, 1]                       // ESC E 1: bold
        for line in header { out += Self.encode(line.trimmingCharacters(in: .whitespaces)) + [0x0A] }
        out += [0x1B, 0x45, 0, 0x1B, 0x61, 0]        // bold off, left
        for line in body { out += Self.encode(line) + [0x0A] }
        out += [0x1B, 0x61, 1]
        out += Self.qrCode(consultationURL)
        out += [0x0A, 0x1B, 0x61, 0]
        out += [0x1B, 0x64, 4]                       // ESC d 4: feed four lines
        out += [0x1D, 0x56, 66, 0]                   // GS V 66 0: feed and partial cut
        return out
    }

    /// GS ( k: select model 2, module size 4, error correction M, store the data, print it.
    static func qrCode(_ text: String) -> Data {
        let payload = Data(text.utf8)
        let length = payload.count + 3
        var out = Data()
        out += [0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0x00]             // model 2
        out += [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, 0x04]                   // module size 4
        out += [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31]                   // error correction M
        out += [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30] + payload
        out += [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30]                   // print
        return out
    }

    /// Windows-1252 text; characters it lacks (the em dash is there) become "?".
    static func encode(_ text: String) -> Data {
        text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data(text.utf8)
    }
}
