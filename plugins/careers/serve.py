"""A local preview server that behaves like the S3 + CloudFront setup.

Folder URLs serve their index.html and unknown paths get /404.html with status
404, so what HR previews is what candidates get.
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class SiteHandler(SimpleHTTPRequestHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request is noise for HR."""


def make_server(root: Path, host: str, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(root))
    return ThreadingHTTPServer((host, port), handler)


def serve(root: Path, host: str, port: int) -> None:
    if not (root / "index.html").is_file():
        raise SystemExit(f"{root} has no index.html: run `python3 dev.py build` first")
    server = make_server(root, host, port)
    print(f"Serving {root} on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
