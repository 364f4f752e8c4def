import AgoraPosix
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension LocalZooKeeper {
    /// Small ticks so short session timeouts are possible; no fsync and small log files:
    /// a local server's data need not survive a machine crash.
    var configuration: String {
        let tick = self.tickTime.components.seconds * 1000 + self.tickTime.components.attoseconds / 1_000_000_000_000_000
        return """
            tickTime=\(tick)
            dataDir=\(self.directory)/data
            clientPort=\(self.port)
            clientPortAddress=127.0.0.1
            minSessionTimeout=\(2 * tick)
            maxSessionTimeout=\(100 * tick)
            admin.enableServer=false
            4lw.commands.whitelist=ruok,srvr
            forceSync=no
            preAllocSize=1024

            """
    }

    /// `java ... ZooKeeperServerMain zoo.cfg`, logging to the server's directory. The class
    /// path can be overridden with ZOOKEEPER_CLASSPATH.
    func serverRequest() throws -> SpawnRequest {
        let environment = Spawner.currentEnvironment
        guard let java = Spawner.locate("java", path: environment["PATH"]) else { throw LocalZooKeeperError("no java on PATH (install a JRE, e.g. Debian's default-jre-headless)") }
        let jars = ["zookeeper.jar", "slf4j-api.jar", "slf4j-log4j12.jar", "log4j-1.2.jar"].map { "/usr/share/java/\($0)" }
        let classPath = environment["ZOOKEEPER_CLASSPATH"]
            ?? (["/etc/zookeeper/conf"] + jars.filter { FileManager.default.fileExists(atPath: $0) }).joined(separator: ":")
        let arguments = [
            java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
            "-Dzookeeper.root.logger=INFO,CONSOLE", "-Dzookeeper.log.dir=\(self.directory)",
            "-cp", classPath, "org.apache.zookeeper.server.ZooKeeperServerMain", "\(self.directory)/zoo.cfg",
        ]
        return SpawnRequest(
            executable: java, arguments: arguments, environment: environment, workingDirectory: self.directory,
            stdoutPath: "\(self.directory)/zookeeper.out", stderrPath: "\(self.directory)/zookeeper.err")
    }

    /// A shell that SIGKILLs the server once `parent` (the process that started it) has
    /// exited (gone, or a zombie nobody reaped yet), so a crashed or interrupted run leaves
    /// no server behind. Checks once a second.
    static func guardianRequest(watching parent: pid_t, killing server: pid_t) -> SpawnRequest {
        let script = """
            while { read -r stat < "/proc/$1/stat"; } 2>/dev/null; do
              state=${stat##*) }; [ "${state%% *}" = Z ] && break; sleep 1
            done
            kill -KILL "$2" 2>/dev/null
            """
        return SpawnRequest(
            executable: "/bin/sh", arguments: ["/bin/sh", "-c", script, "zookeeper-guard", "\(parent)", "\(server)"],
            environment: ["PATH": "/usr/bin:/bin"])
    }

    /// Whether `pid` exists and has not exited (a zombie counts as exited).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return false
        }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// Sends the `ruok` four-letter word; true when the server answers `imok`.
    func answersRuok() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(self.port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, send(fd, "ruok", 4, Int32(MSG_NOSIGNAL)) == 4 else { return false }
        var reply = [UInt8](repeating: 0, count: 16)
        var received = 0
        while received < reply.count {
            let count = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + received, $0.count - received, 0) }
            guard count > 0 else { break }
            received += count
        }
        return String(decoding: reply[..<received], as: UTF8.self) == "imok"
    }
}
