import Foundation

/// Runs the real `caja` executable (built beside the tests) as a child process.
struct CajaProcess {
    struct Result {
        var status: Int32
        var terminationReason: Process.TerminationReason = .exit
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
                throw E2EError("not a JSON object: \(text) \(stderr)")
            }
            return object
        }
    }

    let home: URL

    /// Removes the home and the journal the command line put beside it.
    func remove() {
        try? FileManager.default.removeItem(at: home)
        try? FileManager.default.removeItem(atPath: home.path + "-journal")
    }

    /// `.build/<config>/caja`, next to the test bundle.
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("caja")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/caja")
    }()

    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        // A busy machine answers late: these tests prove outcomes, not the server's speed.
        var environment = ProcessInfo.processInfo.environment
        environment["CAJA_REQUEST_TIMEOUT"] = environment["CAJA_REQUEST_TIMEOUT"] ?? "60"
        return try Self.launch(Self.executable, ["--home", home.path] + arguments, environment: environment)
    }

    /// Starts an executable built beside the tests with its output in pipes.
    static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs one command to its end. The waiting happens on a dispatch thread: blocking the
    /// test's task would starve the in-process server of the concurrency pool's threads.
    func run(_ arguments: String...) async throws -> Result { try await run(arguments) }

    func run(_ arguments: [String]) async throws -> Result {
        let (process, out, err) = try start(arguments)
        return await Self.finish(process, out, err)
    }

    /// Reads the child's output and waits for its end, off the concurrency pool.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                let stderr = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, terminationReason: process.terminationReason,
                                                      stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }
}
