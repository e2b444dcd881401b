"""tests/counting_proxy.py, the proxy the integration tests count requests with: what it counts,
that it forwards requests and answers faithfully, and that its counts hold under parallel requests."""

import gzip
import http.server
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from counting_proxy import CountingProxy, endpoint_key  # noqa: E402  pylint: disable=wrong-import-position

BIG = os.urandom(3 * 1024 * 1024 + 7)


class Upstream(http.server.BaseHTTPRequestHandler):
    """A small origin: /echo returns what it got, /big a large body, /chunked one without length,
    /gzip compressed bytes, /cut a body shorter than promised, /status/N an empty N answer."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, value in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        if self.headers.get("Transfer-Encoding") != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = []
        while True:
            size = int(self.rfile.readline(), 16)
            parts.append(self.rfile.read(size))
            self.rfile.readline()
            if not size:
                return b"".join(parts)

    def do_anything(self):
        body = self.body()
        if self.path.startswith("/status/"):
            self.answer(int(self.path.rsplit("/", 1)[1]), b"")
        elif self.path == "/big":
            self.answer(200, BIG)
        elif self.path == "/gzip":
            self.answer(200, gzip.compress(b"hello" * 1000), [("Content-Encoding", "gzip")])
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"one,", b"two,", b"three"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/cut":
            self.answer(200, b"partial", [("Content-Length", "100")])
            self.close_connection = True
        else:
            self.answer(201, b"%s %s %s|" % (self.command.encode(), self.path.encode(), self.headers.get("X-Test", "").encode())
                        + body, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-Upstream", "yes")])

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_anything


@pytest.fixture(scope="module")
def proxy():
    origin = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    origin.daemon_threads = True
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    counting = CountingProxy("http://127.0.0.1:%d" % origin.server_address[1]).start()
    yield counting
    counting.stop()
    origin.shutdown()
    origin.server_close()


@pytest.fixture
def client():
    with requests.Session() as session:
        session.trust_env = False
        yield session


def test_endpoint_keys_are_method_and_api_path_with_ids():
    assert endpoint_key("GET", "/apirest.php/Computer/12?expand_dropdowns=1") == ("GET Computer/:id", "Computer")
    assert endpoint_key("POST", "/apirest.php/applyMassiveAction/Computer/MassiveAction%3Aupdate") == (
        "POST applyMassiveAction/Computer/MassiveAction:update", "applyMassiveAction")
    assert endpoint_key("GET", "/apirest.php/initSession/") == ("GET initSession", "initSession")
    assert endpoint_key("GET", "/status.php") is None


def test_counts_reads_writes_sessions_and_endpoints(proxy, client):
    proxy.reset()
    for method, path in [("GET", "initSession"), ("GET", "Computer/5"), ("PUT", "Computer/5"), ("GET", "search/Computer"),
                         ("POST", "search/Computer"), ("DELETE", "Computer/5"), ("GET", "getMyProfiles"),
                         ("GET", "killSession")]:
        client.request(method, proxy.url + "/apirest.php/" + path)
    client.get(proxy.url + "/status.php")
    assert proxy.read() == {
        "total": 8, "reads": 2, "writes": 2, "sessions": {"initSession": 1, "killSession": 1},
        "by_endpoint": {"GET initSession": 1, "GET Computer/:id": 1, "PUT Computer/:id": 1, "GET search/Computer": 1,
                        "POST search/Computer": 1, "DELETE Computer/:id": 1, "GET getMyProfiles": 1, "GET killSession": 1}}
    proxy.reset()
    assert proxy.read()["total"] == 0


def test_forwards_method_path_headers_body_and_status(proxy, client):
    resp = client.post(proxy.url + "/echo?a=1&b=%2F", data=b"\x00payload", headers={"X-Test": "kept"})
    assert resp.status_code == 201
    assert resp.content == b"POST /echo?a=1&b=%2F kept|\x00payload"
    assert resp.headers["X-Upstream"] == "yes"
    assert resp.raw.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    assert client.get(proxy.url + "/status/404").status_code == 404
    assert client.head(proxy.url + "/big").headers["Content-Length"] == str(len(BIG))


def test_forwards_large_chunked_and_compressed_bodies(proxy, client):
    assert client.get(proxy.url + "/big").content == BIG
    assert client.put(proxy.url + "/echo", data=BIG).content.endswith(BIG)
    assert client.post(proxy.url + "/echo", data=iter([b"sent ", b"chunked"])).content.endswith(b"|sent chunked")
    assert client.get(proxy.url + "/chunked").content == b"one,two,three"
    zipped = client.get(proxy.url + "/gzip", stream=True)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.raw.read(decode_content=False)) == b"hello" * 1000


def test_a_body_cut_upstream_is_cut_for_the_client(proxy, client):
    with pytest.raises(requests.exceptions.RequestException):
        client.get(proxy.url + "/cut").content  # pylint: disable=expression-not-assigned
    assert client.get(proxy.url + "/status/204").status_code == 204, "the proxy still serves after a cut"


def test_counts_hold_under_parallel_requests(proxy):
    proxy.reset()

    def worker(index):
        with requests.Session() as session:
            session.trust_env = False
            for count in range(25):
                assert session.get(proxy.url + "/apirest.php/Computer/%d" % (index * 100 + count)).status_code == 201
                assert session.put(proxy.url + "/apirest.php/Computer", data=b"x").status_code == 201

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(worker, range(8)))
    assert proxy.read()["by_endpoint"] == {"GET Computer/:id": 200, "PUT Computer": 200}
    assert (proxy.read()["reads"], proxy.read()["writes"], proxy.read()["total"]) == (200, 200, 400)
