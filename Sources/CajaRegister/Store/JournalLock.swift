import CajaCore
import Dispatch
import Foundation
import Synchronization

/// The journal's writer lock: an exclusive `flock` on `diario.lock` in the journal's
/// directory, and within the process a semaphore. Whoever changes the journal's files holds
/// it, and a sale holds it from before its store commit until its line's flush has returned,
/// which may be after the commit (issue 16): so the next writer, in this process or another,
/// finds every line before its own on disk, and a lock left by a process that died is
/// released by the kernel.
///
/// The file is opened once per ``Journal`` and kept open (issue 16, item 1: opening,
/// locking and closing it was a tenth of a sale's own time). One open file description is
/// one `flock` owner, so holders in one process would not exclude each other through it:
/// the semaphore does that, and the `flock` is taken by whoever holds the semaphore.
final class JournalLockFile: Sendable {
    static let name = "diario.lock"
    let path: String
    private let descriptor = Mutex<Int32>(-1)
    private let holder = DispatchSemaphore(value: 1)

    init(directory: URL) {
        path = directory.appendingPathComponent(Self.name, isDirectory: false).path
    }

    /// Waits for the lock.
    func acquire() throws(RegisterError) -> JournalLock {
        holder.wait()
        do throws(RegisterError) {
            let fd = try open()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { throw RegisterError(.journalUnwritable, detail: path, "No se puede tomar su cerrojo (\(errno)).") }
            }
            return JournalLock(file: self, descriptor: fd)
        } catch {
            holder.signal()
            throw error
        }
    }

    /// Called once per lock taken (``JournalLock/release()``).
    fileprivate func release(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
        holder.signal()
    }

    private func open() throws(RegisterError) -> Int32 {
        try descriptor.withLock { fd throws(RegisterError) in
            if fd >= 0 { return fd }
            let opened = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw RegisterError(.journalUnwritable, detail: path, "No se puede abrir su cerrojo (\(errno)).") }
            fd = opened
            return opened
        }
    }

    deinit {
        let fd = descriptor.withLock { $0 }
        if fd >= 0 { close(fd) }
    }
}

/// The journal's writer lock, held (``JournalLockFile/acquire()``) until ``release()``.
final class JournalLock: Sendable {
    private let file: JournalLockFile
    private let descriptor: Int32
    private let released = Mutex(false)

    fileprivate init(file: JournalLockFile, descriptor: Int32) {
        self.file = file
        self.descriptor = descriptor
    }

    /// Releases the lock; later calls do nothing.
    func release() {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        if first { file.release(descriptor) }
    }

    deinit { release() }
}
