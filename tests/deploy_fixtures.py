"""Shared helpers for the deploy tests and benchmark: a synthetic site, moto over HTTP, a proxy.

The site looks like a publish build (clean URLs, fingerprinted CSS, feeds, Pagefind's bundle)
and is rebuilt from scratch on every call, like Pelican rewrites every file of `output/`.
The proxy sits between the deploy and moto on 127.0.0.1: it records every request in order,
counts requests and bytes, and injects real HTTP faults (error answers, a dead server).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from careers.manifest import remove_manifest, write_manifest
from moto.server import ThreadedMotoServer

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

TRIBES = ("platform", "bucks", "merchant-care", "perfect-journey")


@dataclass(frozen=True)
class Posting:
    id: str
    title: str
    tribe: str = "platform"
    status: str = "open"  # or "closed": the page stays, listings/feeds/search drop it
    body: str = "We build the payment platform."


def _h(data: str | bytes, length: int = 8) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:length]


def _page(title: str, body: str, css: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" href="/theme/css/{css}"></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>\n"
    )


def postings(count: int) -> list[Posting]:
    return [
        Posting(
            id=f"job-{n:04d}",
            title=f"Engineer {n}",
            tribe=TRIBES[n % len(TRIBES)],
            body=("<p>Role description. " * 40) + f"Posting {n}.</p>",
        )
        for n in range(count)
    ]


def build_site(out: Path, jobs: Sequence[Posting], css_version: str = "1") -> dict[str, bytes]:
    """Rebuild out/ from scratch (manifest last) and return its files: relative path -> bytes."""
    files: dict[str, bytes] = {}

    def put(path: str, text: str | bytes) -> None:
        files[path] = text.encode() if isinstance(text, str) else text

    css_text = f"/* theme {css_version} */ body {{ font-family: sans-serif; }}\n" * 20
    css = f"style.{_h(css_text)}.css"
    put(f"theme/css/{css}", css_text)
    js_text = "document.documentElement.classList.add('js');\n"
    put(f"theme/js/app.{_h(js_text)}.js", js_text)
    put("theme/images/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    put("theme/images/og.png", b"\x89PNG\r\n\x1a\n" + bytes(range(200)))
    put(f"theme/fonts/inter.{_h('font')}.woff2", b"wOF2" + bytes(300))

    open_jobs = [j for j in jobs if j.status == "open"]
    for job in jobs:
        banner = "<p class=closed>This position is closed.</p>" if job.status == "closed" else ""
        put(f"jobs/{job.id}/index.html", _page(job.title, banner + job.body, css))
    items = "".join(f'<li><a href="/jobs/{j.id}/">{j.title}</a></li>' for j in open_jobs)
    put("jobs/index.html", _page("Jobs", f"<ul>{items}</ul>", css))
    put("index.html", _page("Careers", f"<ul>{items[:2000]}</ul>", css))
    put("404.html", _page("Not found", "<p>This page does not exist.</p>", css))
    put("tribes/index.html", _page("Tribes", "".join(TRIBES), css))
    for tribe in TRIBES:
        mine = "".join(j.title for j in open_jobs if j.tribe == tribe)
        put(f"tribes/{tribe}/index.html", _page(tribe, mine, css))
        entries = "".join(
            f"<entry><title>{j.title}</title><id>/jobs/{j.id}/</id></entry>"
            for j in open_jobs
            if j.tribe == tribe
        )
        put(f"feeds/{tribe}.atom", f'<?xml version="1.0"?><feed>{entries}</feed>\n')
    put("locations/paris/index.html", _page("Paris", items, css))
    put("contracts/internship/index.html", _page("Internship", items, css))
    all_entries = "".join(f"<entry><title>{j.title}</title></entry>" for j in open_jobs)
    put("feeds/all.atom", f'<?xml version="1.0"?><feed>{all_entries}</feed>\n')
    put("jobs.json", json.dumps([{"@type": "JobPosting", "title": j.title} for j in open_jobs]))
    urls = "".join(f"<url><loc>https://careers.example/jobs/{j.id}/</loc></url>" for j in open_jobs)
    put("sitemap.xml", f'<?xml version="1.0"?><urlset>{urls}</urlset>\n')
    put("robots.txt", "User-agent: *\nSitemap: https://careers.example/sitemap.xml\n")

    # Pagefind: content-hashed chunks, plus entry/loader/UI files whose names never change.
    fragments = []
    for job in open_jobs:
        data = f"fragment {job.id} {job.title} {job.body}".encode()
        name = f"en_{_h(data, 7)}"
        fragments.append(name)
        put(f"pagefind/fragment/{name}.pf_fragment", data)
    index_data = ("index " + " ".join(fragments)).encode()
    index_name = f"en_{_h(index_data, 7)}"
    put(f"pagefind/index/{index_name}.pf_index", index_data)
    filter_data = ("filter " + " ".join(j.tribe for j in open_jobs)).encode()
    put(f"pagefind/filter/en_{_h(filter_data, 7)}.pf_filter", filter_data)
    meta_data = (f"meta {index_name} " + " ".join(fragments)).encode()
    meta_hash = f"en_{_h(meta_data, 7)}"
    put(f"pagefind/pagefind.{meta_hash}.pf_meta", meta_data)
    entry = {"version": "1.3.0", "languages": {"en": {"hash": meta_hash, "wasm": "en"}}}
    put("pagefind/pagefind-entry.json", json.dumps(entry, sort_keys=True))
    put("pagefind/wasm.en.pagefind", b"\x1f\x8b" + bytes(500))
    put("pagefind/wasm.unknown.pagefind", b"\x1f\x8b" + bytes(400))
    for name in (
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-component-ui.js",
        "pagefind-highlight.js",
    ):
        put(f"pagefind/{name}", f"/* {name} */ export const x = 1;\n")
    for name in ("pagefind-ui.css", "pagefind-component-ui.css"):
        put(f"pagefind/{name}", f"/* {name} */ .pagefind {{}}\n")

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    remove_manifest(out)
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    write_manifest(out)
    return files


# ---------------------------------------------------------------- S3 over HTTP


def start_moto() -> tuple[ThreadedMotoServer, str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def stop_moto(server: ThreadedMotoServer) -> None:
    """Stop the server and close its socket: new connections are refused, like a dead host."""
    server.stop()
    inner = server._server  # stop() leaves the socket open
    if inner is not None:
        inner.server_close()


def reset_moto(endpoint: str) -> None:
    parsed = urllib.parse.urlparse(endpoint)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=10)
    connection.request("POST", "/moto-api/reset")
    connection.getresponse().read()
    connection.close()


def client_for(endpoint: str) -> S3Client:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def bucket_objects(client: S3Client, bucket: str, prefix: str = "") -> dict[str, str]:
    """key -> ETag (the MD5 of single-part uploads) for every object under prefix."""
    found: dict[str, str] = {}
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = obj["ETag"].strip('"')
    return found


def expected_objects(files: dict[str, bytes], prefix: str) -> dict[str, str]:
    return {prefix + p: hashlib.md5(d, usedforsecurity=False).hexdigest() for p, d in files.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Request:
    method: str
    key: str  # object key (bucket stripped), "" for bucket-level requests
    query: str
    status: int
    body_bytes: int


@dataclass
class FaultProxy:
    """A recording HTTP proxy on 127.0.0.1 in front of an S3 endpoint, with fault injection.

    fail_puts: key -> how many PUTs of it to answer with HTTP 500 (-1: all of them).
    """

    upstream: str
    fail_puts: dict[str, int] = field(default_factory=dict)
    fail_status: int = 500
    fail_code: str = "InternalError"
    requests: list[Request] = field(default_factory=list)
    request_bytes: int = 0  # request line, headers and body sent by the client
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        proxy = self
        target = urllib.parse.urlparse(self.upstream)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parsed = urllib.parse.urlsplit(self.path)
                parts = urllib.parse.unquote(parsed.path).lstrip("/").split("/", 1)
                key = parts[1] if len(parts) > 1 else ""
                sent = len(self.requestline) + len(str(self.headers)) + len(body)
                with proxy.lock:
                    proxy.request_bytes += sent
                    remaining = proxy.fail_puts.get(key, 0) if self.command == "PUT" else 0
                    if remaining:
                        proxy.fail_puts[key] = remaining - 1 if remaining > 0 else -1
                if remaining:
                    status, headers, data = proxy.fail_status, [], proxy._error_body()
                    headers.append(("Content-Type", "application/xml"))
                else:
                    status, headers, data = proxy._forward(target, self, body)
                with proxy.lock:
                    proxy.requests.append(
                        Request(self.command, key, parsed.query, status, len(body))
                    )
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                length_header = str(len(data))
                if self.command == "HEAD":  # the object's length, with no body
                    lengths = [v for n, v in headers if n.lower() == "content-length"]
                    length_header = lengths[0] if lengths else "0"
                self.send_header("Content-Length", length_header)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.endpoint = f"http://{host!s}:{port}"

    def _error_body(self) -> bytes:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{self.fail_code}</Code>'
            "<Message>injected fault</Message></Error>"
        ).encode()

    @staticmethod
    def _forward(
        target: urllib.parse.ParseResult, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
        headers = {k: v for k, v in handler.headers.items() if k.lower() != "connection"}
        connection.request(handler.command, handler.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.getheaders(), data

    def puts(self) -> list[str]:
        return [r.key for r in self.requests if r.method == "PUT" and r.key]

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method in ("PUT", "DELETE", "POST")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
