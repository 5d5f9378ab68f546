#!/usr/bin/env python3
"""Test peers for the health checker's integration tests: each prints "ready" once listening.

  http ADDR PORT DIR [CERT KEY]   http.server on DIR (HTTPS with CERT/KEY: the body of /sni names the SNI
                                  the client sent; /peer names the client's address); SIGUSR1 freezes it: requests are accepted, never answered
  hang ADDR PORT                  accepts connections and never answers
  smtp ADDR PORT CODE             greets with CODE (220: a working server), answers HELO 250, QUIT 221
  dns ADDR PORT NAME A            answers A queries for NAME with address A, NXDOMAIN for other names
  udpecho ADDR PORT               sends every datagram back
"""
import http.server
import os
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time

frozen = threading.Event()


def ready():
    print("ready", flush=True)


def serve_http(addr, port, root, cert=None, key=None):
    seen_sni = {"name": None}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=root, **kw)

        def do_GET(self):
            if frozen.is_set():
                time.sleep(3600)
                return
            if self.path == "/peer":
                body = ("peer=%s" % self.client_address[0]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if self.path == "/sni":
                body = ("sni=%s" % seen_sni["name"]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *a):
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    srv = Server((addr, port), Handler)
    if cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)

        def on_sni(sock, name, c):
            seen_sni["name"] = name
        ctx.sni_callback = on_sni
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGUSR1, lambda *a: frozen.set())
    ready()
    srv.serve_forever()


def serve_hang(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(128)
    ready()
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)


def serve_smtp(addr, port, code):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(b"%s-smtp.fulcrum.test first line\r\n" % code.encode())
            self.wfile.write(b"%s smtp.fulcrum.test ESMTP test\r\n" % code.encode())
            for line in self.rfile:
                cmd = line.strip().upper()
                if cmd.startswith(b"HELO"):
                    self.wfile.write(b"250 smtp.fulcrum.test\r\n")
                elif cmd == b"QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"500 what\r\n")

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    srv = Server((addr, port), Handler)
    ready()
    srv.serve_forever()


def serve_dns(addr, port, name, a):
    """RFC 1035 §4.1: header, one question, answers with a compression pointer to the question name."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    ready()
    want = name.lower().rstrip(".")
    while True:
        q, peer = s.recvfrom(512)
        if len(q) < 12:
            continue
        qid, flags, qd = struct.unpack("!HHH", q[:6])
        i, labels = 12, []
        while q[i] != 0:
            n = q[i]
            labels.append(q[i + 1:i + 1 + n].decode().lower())
            i += n + 1
        qtype, qclass = struct.unpack("!HH", q[i + 1:i + 5])
        question = q[12:i + 5]
        qname = ".".join(labels)
        rd = flags & 0x0100
        if qname != want:
            hdr = struct.pack("!HHHHHH", qid, 0x8000 | 0x0400 | rd | 3, 1, 0, 0, 0)   # NXDOMAIN
            s.sendto(hdr + question, peer)
            continue
        answers = b""
        count = 0
        if qtype == 1:
            answers = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(a)
            count = 1
        hdr = struct.pack("!HHHHHH", qid, 0x8000 | 0x0400 | rd, 1, count, 0, 0)
        s.sendto(hdr + question + answers, peer)


def serve_udpecho(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    ready()
    while True:
        d, peer = s.recvfrom(2048)
        s.sendto(d, peer)


if __name__ == "__main__":
    kind, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rest = sys.argv[4:]
    {"http": lambda: serve_http(addr, port, *rest),
     "hang": lambda: serve_hang(addr, port),
     "smtp": lambda: serve_smtp(addr, port, *rest),
     "dns": lambda: serve_dns(addr, port, *rest),
     "udpecho": lambda: serve_udpecho(addr, port)}[kind]()
