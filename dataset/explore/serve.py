"""`python -m dataset explore --serve`: the page on the loopback interface, with the standard library only.

It binds 127.0.0.1 (never another interface) on a port the system picks, prints the address on a line of its
own and serves the one page until interrupted (Ctrl-C, SIGINT).
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TextIO

HOST = "127.0.0.1"
PAGE_PATHS = ("/", "/index.html", "/explorer.html")


def make_server(page: bytes, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1:`port` (0: a free port) answering GET and HEAD of the page; 404 otherwise."""

    class Handler(BaseHTTPRequestHandler):
        def _respond(self, body: bool) -> None:
            if self.path.split("?", 1)[0] not in PAGE_PATHS:
                self.send_error(HTTPStatus.NOT_FOUND, "only the explorer page is served here")
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(page)

        def do_GET(self) -> None:
            self._respond(body=True)

        def do_HEAD(self) -> None:
            self._respond(body=False)

        def log_message(self, format: str, *args: object) -> None:  # one short line per request, on stderr
            sys.stderr.write(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")

    return ThreadingHTTPServer((HOST, port), Handler)


def serve(page: bytes, out: TextIO = sys.stdout) -> None:
    """Serve the page until interrupted; the address goes to `out` on a line of its own."""
    server = make_server(page)
    try:
        print(f"http://{HOST}:{server.server_address[1]}/", file=out, flush=True)
        print("serving the evidence explorer; Ctrl-C stops", file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
