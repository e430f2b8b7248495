import CajaCore
import Foundation

/// Where the register keeps its device key (issue 13, item 2): a file readable only by its
/// owner in the journal's directory, not the home, so a register whose store was lost (or
/// whose home was deleted) is still the same device when it recovers from the journal and
/// logs in again; its blocks and grants belong to that key. Made at the first login, written
/// to a temporary file, synced and renamed into place, so it is whole or absent.
struct DeviceKeyFile: Sendable {
    let url: URL

    init(directory: URL) { url = directory.appendingPathComponent("clave-equipo.key") }

    /// The key, made and stored on first use.
    func loadOrCreate() throws(RegisterError) -> DeviceKey {
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw RegisterError(.deviceKeyUnreadable, detail: "\(url.path): \(error)")
            }
            do { return try DeviceKey(privateKeyBase64: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                throw RegisterError(.deviceKeyUnreadable, detail: url.path, "El archivo está dañado.")
            }
        }
        let key = DeviceKey()
        let temporary = url.appendingPathExtension("tmp")
        let data = Data((key.privateKeyBase64 + "\n").utf8)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw RegisterError(.deviceKeyUnwritable, detail: url.path)
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw RegisterError(.deviceKeyUnwritable, detail: "\(url.path): \(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw RegisterError(.deviceKeyUnwritable, detail: url.path)
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        return key
    }
}
