import Foundation

/// Runs the real validators, xmllint and xmlsec1, as processes. Their absence is a failure,
/// not a skip: `scripts/test.sh` installs them.
public enum XMLTools {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The DGI schema: `CAJA_DGI_XSD`, else `../shared/dgi-fe/xsd/FE_v1.00.xsd` beside the repository.
    public static var schemaPath: String {
        if let path = ProcessInfo.processInfo.environment["CAJA_DGI_XSD"] { return path }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/dgi-fe/xsd/FE_v1.00.xsd").path
    }

    /// Runs a tool; its output is stdout and stderr together, or stdout alone when
    /// `standardErrorToo` is false (tools that print unrelated warnings there).
    public static func run(_ tool: String, _ arguments: [String], standardErrorToo: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = standardErrorToo ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    public static func write(_ xml: String, name: String = "doc") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caja-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("\(name).xml")
        try Data(xml.utf8).write(to: file)
        return file
    }

    /// The folder of the DGI's schemas (FE, reception message, protocol).
    public static var schemaDirectory: String { URL(fileURLWithPath: schemaPath).deletingLastPathComponent().path }

    /// xmllint against the DGI schema (or another of its schemas).
    public static func validate(_ xml: String, schema: String? = nil) throws -> Result {
        let file = try write(xml)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        return try run("xmllint", ["--noout", "--schema", schema ?? schemaPath, file.path])
    }

    /// xmlsec1 verification: the key comes from the document's own KeyInfo certificate, which
    /// must chain to `trustedCertificatePEM` (the self-signed certificate itself).
    public static func verifySignature(_ xml: String, certificatePEM: String) throws -> Result {
        let file = try write(xml)
        let cert = file.deletingLastPathComponent().appendingPathComponent("cert.pem")
        try Data(certificatePEM.utf8).write(to: cert)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        return try run("xmlsec1", ["--verify", "--trusted-pem", cert.path, "--enabled-reference-uris", "empty", file.path])
    }
}
