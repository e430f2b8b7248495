import CajaCore
import Foundation
import Synchronization

/// The journal's writer lock: an exclusive `flock` on `diario.lock` in the journal's
/// directory. Whoever changes the journal's files holds it, and a sale holds it from before
/// its store commit until its line's flush has returned, which may be after the commit
/// (issue 16): so the next writer, in this process or another, finds every line before its
/// own on disk, and a lock left by a process that died is released by the kernel.
/// Each lock is its own open file description, so two holders in one process exclude each
/// other as two processes do.
final class JournalLock: Sendable {
    static let name = "diario.lock"
    private let descriptor: Mutex<Int32>

    /// Waits for the lock.
    init(directory: URL) throws(RegisterError) {
        let path = directory.appendingPathComponent(Self.name, isDirectory: false).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RegisterError(.journalUnwritable, detail: path, "No se puede abrir su cerrojo (\(errno)).") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(fd)
                throw RegisterError(.journalUnwritable, detail: path, "No se puede tomar su cerrojo (\(code)).")
            }
        }
        descriptor = Mutex(fd)
    }

    /// Releases the lock (closing its descriptor); later calls do nothing.
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
