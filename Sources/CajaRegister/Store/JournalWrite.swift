import CajaCore
import Dispatch
import Foundation
import Synchronization

/// One line on its way into a journal segment, checked and with its space in place
/// (``Journal/prepareWrite(line:at:)``): what is left is the write of its bytes (the line and
/// the NUL after it) over that space and `fdatasync`. A sale starts that on another thread
/// (``start(on:)``) while the store commits, and waits for it (``finish()``) before it
/// answers: the two durable writes overlap instead of following each other (issue 16), and
/// the sale is still reported only with both on disk (N1). A write that is never started
/// is performed by ``finish()`` on the calling thread.
final class JournalWrite: Sendable {
    /// Where the line starts and where the text ends after it.
    let start: JournalPosition
    let end: JournalPosition
    let path: String
    /// The line without the NUL that follows it on disk.
    var line: Data { record.dropLast() }

    private let descriptor: Int32
    private let record: Data
    /// Held until the write is finished, when the caller gave one.
    private let lock: JournalLock?
    private let state = Mutex(State.prepared)
    private let done = DispatchSemaphore(value: 0)

    private enum State { case prepared, started, finished(RegisterError?) }

    init(descriptor: Int32, path: String, line: Data, start: JournalPosition, lock: JournalLock?) {
        self.descriptor = descriptor
        self.path = path
        var record = line
        record.append(0)
        self.record = record
        self.start = start
        end = JournalPosition(segment: start.segment, offset: start.offset + Int64(line.count))
        self.lock = lock
    }

    /// Performs the write on `queue` (a serial queue of its own: never the cooperative pool,
    /// which may be waiting on it).
    func start(on queue: DispatchQueue) {
        state.withLock { $0 = .started }
        queue.async { [self] in
            let error = perform()
            state.withLock { $0 = .finished(error) }
            done.signal()
        }
    }

    /// Waits for the write (performing it here when it was not started), closes the segment,
    /// releases the lock, and throws when the line did not reach the disk. Later calls
    /// answer the same.
    func finish() throws(RegisterError) {
        let current = state.withLock { $0 }
        let error: RegisterError?
        switch current {
        case .prepared:
            error = perform()
            state.withLock { $0 = .finished(error) }
        case .started:
            done.wait()
            guard case .finished(let outcome) = state.withLock({ $0 }) else { return }
            error = outcome
        case .finished(let outcome):
            error = outcome
        }
        closeFile()
        if let error { throw error }
    }

    private let closed = Mutex(false)

    /// Closes the segment and releases the lock, once.
    private func closeFile() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        close(descriptor)
        lock?.release()
    }

    deinit { closeFile() }

    /// The line and its NUL written at `start`, then `fdatasync`; nil when both succeeded.
    private func perform() -> RegisterError? {
        let written = record.withUnsafeBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var sent = 0
            while sent < bytes.count {
                let count = pwrite(descriptor, base + sent, bytes.count - sent, off_t(start.offset) + off_t(sent))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }
        guard written else { return RegisterError(.journalUnwritable, detail: path, "No se pudo escribir la línea (\(errno)).") }
        while fdatasync(descriptor) != 0 {
            guard errno == EINTR else { return RegisterError(.journalUnwritable, detail: path, "La línea no llegó al disco.") }
        }
        return nil
    }
}
