"""A stand-in for a non-leading Mesos master: answers every request with
307 Temporary Redirect to the leader, with a protocol-relative Location as Mesos sends it.

usage: redirector.py <listen port> <leader host:port>
"""
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Redirect(BaseHTTPRequestHandler):
    def redirect(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(307)
        self.send_header("Location", "//" + sys.argv[2] + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = redirect

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Redirect)
    print("redirector listening", flush=True)
    server.serve_forever()
