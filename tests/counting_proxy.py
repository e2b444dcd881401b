# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A counting HTTP reverse proxy: the integration tests count requests with it, on any server.

``CountingProxy(upstream)`` listens on 127.0.0.1 (a free port) and forwards every request to
``upstream`` (the web root of a GLPI or of the emulator, e.g. ``http://127.0.0.1:8880``):
method, path and query untouched, all headers but the hop-by-hop ones (``Host`` included, so
links GLPI builds from it name the proxy), the body streamed in both directions and re-framed
only when needed (chunked to an HTTP/1.1 client when the upstream sends no length;
``Content-Encoding`` such as gzip is passed through as bytes). Keep-alive with the client is
kept; each request opens its own upstream connection, so a request is never sent twice. When
the upstream breaks a connection (no answer, or a body shorter than promised), the proxy
breaks the client's connection at the same point: the client sees what it would see directly.

Counts (``counts()``, ``reset()``; thread-safe: the inventory plugin fetches in parallel) cover
the requests under ``/apirest.php`` and ``/api.php`` (v2, whose ``token`` counts as a session
endpoint) and have the shape of the emulator's ``/_emulator/stats``::

    {"total": 7, "reads": 3, "writes": 2,
     "sessions": {"initSession": 1, "killSession": 1},
     "by_endpoint": {"GET search/Computer": 3, "PUT Computer/:id": 1, ...}}

``by_endpoint`` keys are the method and the path after ``apirest.php/`` (percent-decoded, no
query), numeric segments as ``:id``; itemtypes are spelt as the client sent them. ``reads``
are GET/HEAD requests, ``writes`` POST/PUT/PATCH/DELETE requests, both leaving out the session
endpoints (initSession, killSession, getMyProfiles, ...) and, for writes, the read-only
endpoints (search, listSearchOptions, getMassiveActions, getMassiveActionParameters).

Standard library only.
"""

from __future__ import annotations

import http.client
import http.server
import threading
import urllib.parse

API_ROOT = "/apirest.php"
API_ROOTS = (API_ROOT, "/api.php")   # the legacy API, GLPI 11's v2 API (and its OAuth token endpoint)
SESSION_ENDPOINTS = frozenset(("", "initSession", "killSession", "getMyProfiles", "getActiveProfile",
                               "changeActiveProfile", "getMyEntities", "getActiveEntities",
                               "changeActiveEntities", "getFullSession", "lostPassword", "token"))
READ_ONLY_ENDPOINTS = frozenset(("search", "listSearchOptions", "getMassiveActions", "getMassiveActionParameters"))
WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
                        "te", "trailer", "transfer-encoding", "upgrade"))
BLOCK = 64 * 1024
UPSTREAM_TIMEOUT = 600


def endpoint_key(method, path):
    """``("GET search/Computer", "search")`` for ``/apirest.php/search/Computer?...``, ``("GET
    v2/Assets/Computer", "v2")`` for ``/api.php/v2/Assets/Computer``; None outside the APIs."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    root = next((root for root in API_ROOTS if path == root or path.startswith(root + "/")), None)
    if root is None:
        return None
    segments = path[len(root):].strip("/").split("/")
    segments = [":id" if seg.lstrip("-").isdigit() else seg for seg in segments]
    return "%s %s" % (method, "/".join(segments)), segments[0]


class Counts:
    """Request counters, one lock for all of them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.total = self.reads = self.writes = 0
            self.sessions = {"initSession": 0, "killSession": 0}
            self.by_endpoint = {}

    def count(self, method, path):
        found = endpoint_key(method, path)
        if found is None:
            return
        key, resource = found
        with self.lock:
            self.total += 1
            self.by_endpoint[key] = self.by_endpoint.get(key, 0) + 1
            if resource in self.sessions:
                self.sessions[resource] += 1
            if resource in SESSION_ENDPOINTS:
                return
            if method in ("GET", "HEAD"):
                self.reads += 1
            elif method in WRITE_METHODS and resource not in READ_ONLY_ENDPOINTS:
                self.writes += 1

    def snapshot(self):
        with self.lock:
            return {"total": self.total, "reads": self.reads, "writes": self.writes,
                    "sessions": dict(self.sessions), "by_endpoint": dict(self.by_endpoint)}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "counting-proxy"

    def log_message(self, *args):  # pylint: disable=arguments-differ
        """Quiet: the tests' output is the place for failures, not for one line per request."""

    def forward(self):
        proxy = self.server.proxy
        proxy.counts.count(self.command, self.path)
        upstream = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port or 80,
                                              timeout=UPSTREAM_TIMEOUT)
        try:
            self._send_request(upstream, proxy.prefix + self.path)
            response = upstream.getresponse()
        except (OSError, http.client.HTTPException):
            self.close_connection = True  # no answer upstream: none here either
            upstream.close()
            return
        try:
            self._relay(response)
        finally:
            upstream.close()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = forward

    @staticmethod
    def _end_to_end(headers):
        listed = set(token.strip().lower() for token in ",".join(headers.get_all("Connection") or []).split(","))
        return [(name, value) for name, value in headers.items()
                if name.lower() not in HOP_BY_HOP and name.lower() not in listed]

    def _send_request(self, upstream, url):
        """The request line, the end-to-end headers as they came (repeats and order kept), the body."""
        upstream.putrequest(self.command, url, skip_host=True, skip_accept_encoding=True)
        for name, value in self._end_to_end(self.headers):
            upstream.putheader(name, value)
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        if chunked:
            upstream.putheader("Transfer-Encoding", "chunked")
            blocks = (b"%x\r\n%s\r\n" % (len(data), data) for data in self._dechunked())
        else:
            blocks = self._blocks(int(self.headers.get("Content-Length") or 0))
        upstream.endheaders()
        for data in blocks:
            upstream.send(data)
        if chunked:
            upstream.send(b"0\r\n\r\n")

    def _blocks(self, length):
        while length > 0:
            data = self.rfile.read(min(BLOCK, length))
            if not data:
                raise ConnectionError("client body ended early")
            length -= len(data)
            yield data

    def _dechunked(self):
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return
            yield from self._blocks(size)
            self.rfile.readline()

    def _relay(self, response):
        self.send_response_only(response.status, response.reason)
        headers = self._end_to_end(response.msg)
        for name, value in headers:
            self.send_header(name, value)
        no_body = self.command == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200
        length = response.getheader("Content-Length")
        chunked = not no_body and length is None and self.request_version == "HTTP/1.1"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif not no_body and length is None:
            self.close_connection = True  # the end of the body is the end of the connection
        self.end_headers()
        if not no_body:
            self._copy_body(response, int(length) if length is not None else None, chunked)

    def _copy_body(self, response, length, chunked):
        sent = 0
        try:
            while True:
                data = response.read1(BLOCK)
                if not data:
                    break
                sent += len(data)
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
        except (OSError, http.client.HTTPException):
            self.close_connection = True  # cut off upstream: cut off here too
            return
        if length is not None and sent < length:
            self.close_connection = True
        elif chunked:
            self.wfile.write(b"0\r\n\r\n")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class CountingProxy:
    """Reverse proxy on 127.0.0.1 in front of ``upstream`` (a web root URL); ``url`` is its own root."""

    def __init__(self, upstream, host="127.0.0.1", port=0):
        self.upstream = urllib.parse.urlsplit(upstream.rstrip("/"))
        if self.upstream.scheme != "http":
            raise ValueError("counting proxy: only http:// upstreams are supported, got %r" % upstream)
        self.prefix = self.upstream.path
        self.counts = Counts()
        self.server = _Server((host, port), _Handler)
        self.server.proxy = self
        self.url = "http://%s:%d" % self.server.server_address[:2]
        self.thread = threading.Thread(target=self.server.serve_forever, name="counting-proxy", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def read(self):
        return self.counts.snapshot()

    def reset(self):
        self.counts.reset()
