@testable import Agent
import AgoraPosix
import Foundation
import Testing

/// The files API serves sandboxes and nothing else.
@Suite struct SandboxPathsTests {
    let workDir: String
    let sandbox: String

    init() throws {
        self.workDir = NSTemporaryDirectory() + "agora-files-\(UUID().uuidString.prefix(8))"
        self.sandbox = self.workDir + "/slaves/A/frameworks/F/executors/E/runs/C"
        try FileManager.default.createDirectory(atPath: self.sandbox + "/sub", withIntermediateDirectories: true)
        try "out".write(toFile: self.sandbox + "/stdout", atomically: true, encoding: .utf8)
        try "secret".write(toFile: self.workDir + "/secret", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: self.sandbox + "/etc", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: self.sandbox + "/inside", withDestinationPath: "sub")
    }

    func resolve(_ path: String) -> Result<String, SandboxPathError> {
        do throws(SandboxPathError) {
            return .success(try SandboxPaths(workDir: self.workDir).resolve(path, latest: ["F/E": self.sandbox]))
        } catch {
            return .failure(error)
        }
    }

    @Test func filesInTheSandboxResolve() throws {
        defer { try? FileManager.default.removeItem(atPath: self.workDir) }
        let real = try #require(SandboxPaths.canonical(self.sandbox))
        #expect(self.resolve(self.sandbox) == .success(real))
        #expect(self.resolve(self.sandbox + "/stdout") == .success(real + "/stdout"))
        #expect(self.resolve(self.sandbox + "/inside") == .success(real + "/sub"), "a link that stays inside is fine")
        #expect(self.resolve("/frameworks/F/executors/E/runs/latest/stdout") == .success(real + "/stdout"))
    }

    @Test func nothingLeadsOutOfTheSandbox() {
        defer { try? FileManager.default.removeItem(atPath: self.workDir) }
        guard case .failure(.inaccessible) = self.resolve(self.sandbox + "/../../../../../../../../secret") else {
            Issue.record("'..' left the sandbox: \(self.resolve(self.sandbox + "/../../../../../../../../secret"))")
            return
        }
        guard case .failure(.inaccessible) = self.resolve(self.sandbox + "/etc/passwd") else {
            Issue.record("a symbolic link left the sandbox")
            return
        }
        #expect(self.resolve(self.workDir + "/secret") == .failure(.notFound), "not a sandbox")
        #expect(self.resolve("/etc/passwd") == .failure(.notFound))
        #expect(self.resolve(self.workDir + "/slaves/A/frameworks/F/executors/E/runs/..") == .failure(.notFound))
        #expect(self.resolve(self.sandbox + "/missing") == .failure(.notFound))
        #expect(self.resolve("/frameworks/F/executors/X/runs/latest") == .failure(.notFound))
    }
}

/// `/files/read` as Mesos answers it.
@Suite struct FileReadingTests {
    @Test func offsetsAndLengthsFollowMesos() throws {
        let path = NSTemporaryDirectory() + "agora-read-\(UUID().uuidString.prefix(8))"
        defer { unlink(path) }
        try DurableFile.write(Array("0123456789".utf8), to: path)
        func read(_ offset: Int64, _ length: Int64, cap: Int = 65_536) -> (String, Int64)? {
            do throws(FileReadError) {
                let (data, at, _) = try FileReading.read(path, offset: offset, length: length, cap: cap)
                return (String(decoding: data, as: UTF8.self), at)
            } catch {
                return nil
            }
        }
        #expect(read(-1, -1)! == ("", 10), "offset -1 tells the size")
        #expect(read(0, -1)! == ("0123456789", 0))
        #expect(read(3, 4)! == ("3456", 3))
        #expect(read(8, 100)! == ("89", 8))
        #expect(read(12, 5)! == ("", 10), "past the end: the size")
        #expect(read(0, -1, cap: 4)! == ("0123", 0), "capped")
        #expect(read(-5, 2) == nil)
    }
}
