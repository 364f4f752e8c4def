#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client connection over a TCP socket: POST with a body; responses
/// with Content-Length or chunked bodies, read whole or (for event streams) as they come.
/// No event loop and no Foundation, so a process using it starts in about a millisecond.
public final class HTTPConnection {
    public let fd: Int32
    private let host: String
    private var buffer: [UInt8] = []
    private var readIndex = 0

    public struct Head {
        public var status: Int
        public var headers: [String: String]
        public var isChunked: Bool { self.headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false }
        public var contentLength: Int? { self.headers["content-length"].flatMap { Int($0) } }
    }

    /// Connects to `host:port`. With `receiveTimeoutSeconds`, a blocking read that waits
    /// longer fails (a stopped peer never answers), instead of blocking forever.
    public init(endpoint: String, receiveTimeoutSeconds: Int = 0) throws(HTTPError) {
        guard let colon = endpoint.lastIndex(of: ":"), let port = UInt16(endpoint[endpoint.index(after: colon)...]) else {
            throw HTTPError("bad endpoint '\(endpoint)'")
        }
        self.host = String(endpoint[..<colon])
        self.fd = try Self.connect(host: self.host, port: port)
        if receiveTimeoutSeconds > 0 {
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    deinit { close(self.fd) }

    /// Lets blocking reads wait forever again (an idle event stream is not a dead one).
    public func clearReceiveTimeout() {
        var none = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &none, socklen_t(MemoryLayout<timeval>.size))
    }

    /// - Parameter bearer: sent as `Authorization: Bearer …` (the agent's executor token).
    public func post(path: String, contentType: String, body: [UInt8], bearer: String? = nil) throws(HTTPError) {
        let authorization = bearer.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        let head = "POST \(path) HTTP/1.1\r\nHost: \(self.host)\r\nContent-Type: \(contentType)\r\nAccept: \(contentType)\r\n"
            + authorization + "Content-Length: \(body.count)\r\n\r\n"
        try self.write(Array(head.utf8) + body)
    }

    /// A GET without a body (health checks).
    public func get(path: String) throws(HTTPError) {
        try self.write(Array("GET \(path) HTTP/1.1\r\nHost: \(self.host)\r\nUser-Agent: agora-health-check\r\nConnection: close\r\n\r\n".utf8))
    }

    /// Reads the status line and headers (blocking).
    public func readHead() throws(HTTPError) -> Head {
        let statusLine = try self.readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw HTTPError("bad status line '\(statusLine)'") }
        var headers: [String: String] = [:]
        while true {
            let line = try self.readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
        }
        return Head(status: status, headers: headers)
    }

    /// Reads a whole body (blocking).
    public func readBody(_ head: Head) throws(HTTPError) -> [UInt8] {
        guard head.isChunked else { return try self.read(count: head.contentLength ?? 0) }
        var body: [UInt8] = []
        var decoder = ChunkedDecoder()
        while !decoder.isFinished {
            body += try decoder.decode(self.takeBuffered())
            if !decoder.isFinished { try self.fill() }
        }
        return body
    }

    /// Body bytes of a chunked stream already read into the buffer (with the head, say),
    /// without touching the socket. Call once before polling.
    public func takeChunked(_ decoder: inout ChunkedDecoder) throws(HTTPError) -> [UInt8] {
        let body = try decoder.decode(self.takeBuffered())
        if decoder.isFinished { throw HTTPError("stream ended") }
        return body
    }

    /// Body bytes of a chunked stream after one `recv` (call when the socket is readable).
    /// Throws at end of stream.
    public func receiveChunked(_ decoder: inout ChunkedDecoder) throws(HTTPError) -> [UInt8] {
        try self.fill()
        return try self.takeChunked(&decoder)
    }

    // MARK: - Socket I/O

    private func takeBuffered() -> ArraySlice<UInt8> {
        defer {
            self.buffer.removeAll(keepingCapacity: true)
            self.readIndex = 0
        }
        return self.buffer[self.readIndex...]
    }

    private func write(_ bytes: [UInt8]) throws(HTTPError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw HTTPError("send failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    private func fill() throws(HTTPError) {
        if self.readIndex > 0 && self.readIndex == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: true)
            self.readIndex = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw HTTPError(count == 0 ? "connection closed" : "recv failed: \(String(cString: strerror(errno)))") }
            self.buffer.append(contentsOf: chunk[0..<count])
            return
        }
    }

    private func readLine() throws(HTTPError) -> String {
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

    private func read(count: Int) throws(HTTPError) -> [UInt8] {
        while self.buffer.count - self.readIndex < count { try self.fill() }
        let bytes = Array(self.buffer[self.readIndex..<(self.readIndex + count)])
        self.readIndex += count
        return bytes
    }

    /// Connects over IPv4. The agent's endpoint is an IP address (as MESOS_AGENT_ENDPOINT is
    /// in Mesos), so no name lookup is needed — which keeps the statically linked
    /// `agora-executor` free of glibc's NSS.
    private static func connect(host: String, port: UInt16) throws(HTTPError) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw HTTPError("the agent endpoint '\(host)' is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPError("socket failed") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // Close with a reset, not a FIN: every exchange is complete (each call's response is read)
        // by the time an executor closes, and a FIN would leave two TIME_WAIT sockets per task on
        // the agent's host for a minute. At hundreds of tasks a second those fill the ephemeral
        // port range and make every connect() there slower.
        var abortOnClose = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortOnClose, socklen_t(MemoryLayout<linger>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw HTTPError("connect to \(host):\(port) failed: \(message)")
        }
        return fd
    }
}

/// Decodes `Transfer-Encoding: chunked` incrementally, from bytes in any pieces.
public struct ChunkedDecoder {
    private enum State { case size, data(Int), dataEnd, trailer, finished }
    private var state = State.size
    private var line: [UInt8] = []

    public init() {}

    public var isFinished: Bool { if case .finished = self.state { true } else { false } }

    /// Consumes `bytes` and returns the body bytes they carry.
    public mutating func decode(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> [UInt8] {
        var body: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch self.state {
            case .size, .dataEnd, .trailer:
                let byte = bytes[index]
                index += 1
                guard byte == UInt8(ascii: "\n") else {
                    if byte != UInt8(ascii: "\r") { self.line.append(byte) }
                    continue
                }
                try self.endLine()
            case .data(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                body += bytes[index..<(index + take)]
                index += take
                self.state = remaining == take ? .dataEnd : .data(remaining - take)
            case .finished:
                return body
            }
        }
        return body
    }

    private mutating func endLine() throws(HTTPError) {
        defer { self.line.removeAll(keepingCapacity: true) }
        switch self.state {
        case .size:
            let digits = self.line.prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(String(decoding: digits, as: UTF8.self), radix: 16), size >= 0 else {
                throw HTTPError("bad chunk size")
            }
            self.state = size == 0 ? .trailer : .data(size)
        case .dataEnd:
            self.state = .size
        case .trailer:
            if self.line.isEmpty { self.state = .finished }
        case .data, .finished:
            break
        }
    }
}

/// A transport failure of the executor's HTTP client.
public struct HTTPError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
