#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client connection over a blocking TCP socket.
///
/// The command executor starts once per task, so its start-up cost is paid per launch; a
/// socket and a few hundred lines of parsing start in microseconds, where an event-loop
/// HTTP client spends milliseconds. Only what the executor API needs: POST with a body,
/// responses with Content-Length or chunked bodies.
final class BlockingHTTPConnection {
    private let fd: Int32
    private let host: String
    private var buffer: [UInt8] = []
    private var readIndex = 0

    struct Head {
        var status: Int
        var headers: [String: String]
        var isChunked: Bool { self.headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false }
        var contentLength: Int? { self.headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    }

    /// Connects to `host:port` (an IPv4 address or a resolvable name).
    init(endpoint: String) throws {
        guard let colon = endpoint.lastIndex(of: ":"), let port = UInt16(endpoint[endpoint.index(after: colon)...]) else {
            throw HTTPConnectionError("bad endpoint '\(endpoint)'")
        }
        self.host = String(endpoint[..<colon])
        self.fd = try Self.connect(host: self.host, port: port)
    }

    deinit { close(self.fd) }

    /// Sends one POST.
    func post(path: String, contentType: String, body: [UInt8]) throws {
        let head = "POST \(path) HTTP/1.1\r\nHost: \(self.host)\r\nContent-Type: \(contentType)\r\nAccept: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        try self.write(Array(head.utf8) + body)
    }

    /// Reads the status line and headers.
    func readHead() throws -> Head {
        let statusLine = try self.readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw HTTPConnectionError("bad status line '\(statusLine)'") }
        var headers: [String: String] = [:]
        while true {
            let line = try self.readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return Head(status: status, headers: headers)
    }

    /// Reads a whole (non-streaming) body.
    func readBody(_ head: Head) throws -> [UInt8] {
        if head.isChunked {
            var body: [UInt8] = []
            while let chunk = try self.readChunk() { body += chunk }
            return body
        }
        return try self.read(count: head.contentLength ?? 0)
    }

    /// The next chunk of a chunked body, or nil at its end.
    func readChunk() throws -> [UInt8]? {
        let sizeLine = try self.readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw HTTPConnectionError("bad chunk size '\(sizeLine)'")
        }
        if size == 0 {
            _ = try self.readLine()
            return nil
        }
        let chunk = try self.read(count: size)
        _ = try self.readLine()
        return chunk
    }

    // MARK: - Socket I/O

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw HTTPConnectionError("send failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    private func fill() throws {
        if self.readIndex > 0 && self.readIndex == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: true)
            self.readIndex = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw HTTPConnectionError(count == 0 ? "connection closed" : "recv failed: \(String(cString: strerror(errno)))") }
            self.buffer.append(contentsOf: chunk[0..<count])
            return
        }
    }

    private func readLine() throws -> String {
        while true {
            if let newline = self.buffer[self.readIndex...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > self.readIndex && self.buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: self.buffer[self.readIndex..<end], as: UTF8.self)
                self.readIndex = newline + 1
                return line
            }
            try self.fill()
        }
    }

    private func read(count: Int) throws -> [UInt8] {
        while self.buffer.count - self.readIndex < count { try self.fill() }
        let bytes = Array(self.buffer[self.readIndex..<(self.readIndex + count)])
        self.readIndex += count
        return bytes
    }

    private static func connect(host: String, port: UInt16) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw HTTPConnectionError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
        guard fd >= 0 else { throw HTTPConnectionError("socket failed") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw HTTPConnectionError("connect to \(host):\(port) failed: \(message)")
        }
        return fd
    }
}

/// A transport failure of the executor's HTTP client.
struct HTTPConnectionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
