# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Receiver of GLPI 11 webhooks for the ``glpi.glpi.webhook`` event source (controller side).

What GLPI 11.0.6 sends (src/Webhook.php, src/QueuedWebhook.php; docs/events.md):
``X-GLPI-signature`` = hex HMAC-SHA256(secret, raw body + ``X-GLPI-timestamp``), the timestamp
being the unix time at which the event was *raised* (retries resend the same one), no
Content-Type, the body ``{"item": <v2 item>, "event": "new|update|delete"}`` unless the webhook has
a custom payload, the configured HTTP method and custom headers. The CRA challenge is a
``GET <url>?crc_token=<token>`` answered with hex HMAC-SHA256(secret, token); GLPI's token is always
hex HMAC-SHA256(secret, "validate_cra_challenge"), and no other token is answered (an answer to any
token would sign any body). GLPI resends a delivery whose answer it did not get, with the same
signature: a signature already queued within its window is answered 200 and not queued again.

Standard library only: an ``asyncio.start_server`` HTTP/1.1 server that answers one request per
connection (``Connection: close``), which is all Guzzle needs.
"""
from __future__ import annotations

import asyncio
import datetime
import hashlib
import heapq
import hmac
import json
import logging
import os
import re
import ssl
import time
from urllib.parse import parse_qs, urlsplit

LOG = logging.getLogger("glpi.glpi.webhook")

SECRET_ENV = "GLPI_WEBHOOK_SECRET"
TOKEN_ENV = "GLPI_WEBHOOK_TOKEN"
DEFAULTS = {
    "host": "0.0.0.0",
    "port": 5000,
    "max_body": 1024 * 1024,
    "max_age": 3600,
    "max_future": 300,
    "max_queue": 1000,
    "payload": "default",
    "cra_challenge": True,
    "methods": ["POST", "PUT", "PATCH", "GET"],
    "read_timeout": 10,
    "max_seen": 10000,
}
MAX_HEAD = 16 * 1024
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 408: "Request Timeout", 411: "Length Required", 413: "Payload Too Large",
           431: "Request Header Fields Too Large", 503: "Service Unavailable"}
# Headers left out of an event's meta: credentials and what the receiver already checked.
HIDDEN_HEADERS = ("authorization", "cookie", "x-glpi-signature", "proxy-authorization")
ITEMTYPE_SEGMENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
LENGTH = re.compile(r"[0-9]{1,10}")
STAMP = re.compile(r"-?[0-9]{1,12}")
CRA_MESSAGE = "validate_cra_challenge"  # GLPI's crc_token is hex HMAC-SHA256(secret, this): src/Webhook.php


class Refused(Exception):
    """A request answered with ``status`` and never queued."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sign(secret, data):
    """Webhook::getSignature(): hex HMAC-SHA256 of ``data`` (bytes or text) with the secret."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).hexdigest()


def settings(args, environ=None):
    """The receiver's settings from the rulebook's args; the secret from ``secret`` or GLPI_WEBHOOK_SECRET."""
    environ = os.environ if environ is None else environ
    conf = dict(DEFAULTS)
    conf.update({key: value for key, value in args.items() if value is not None})
    conf["secret"] = args.get("secret") or environ.get(SECRET_ENV)
    if not conf["secret"]:
        raise ValueError("glpi.glpi.webhook needs the webhook's secret: the secret argument or %s" % SECRET_ENV)
    conf["token"] = args.get("token") or environ.get(TOKEN_ENV)
    if conf["payload"] not in ("default", "custom"):
        raise ValueError("payload must be default or custom, not %r" % conf["payload"])
    conf["methods"] = [m.upper() for m in conf["methods"]]
    for key in ("port", "max_body", "max_age", "max_future", "max_queue", "read_timeout", "max_seen"):
        conf[key] = int(conf[key])
    conf["seen"] = Seen(conf["max_seen"])
    return conf


class Seen(object):
    """Signatures already queued, each until its expiry (unix time); at most ``cap`` of them.

    Expired ones are evicted on every add; when still full, the one expiring first goes."""

    def __init__(self, cap):
        self.cap = max(1, cap)
        self.expiry = {}
        self.heap = []

    def __len__(self):
        return len(self.expiry)

    def has(self, signature, now):
        return self.expiry.get(signature, now) > now

    def evict(self, now):
        while self.heap and (self.heap[0][0] <= now or len(self.expiry) >= self.cap):
            expiry, signature = heapq.heappop(self.heap)
            if self.expiry.get(signature) == expiry:
                del self.expiry[signature]

    def add(self, signature, expiry, now):
        self.evict(now)
        if expiry > now:
            self.expiry[signature] = expiry
            heapq.heappush(self.heap, (expiry, signature))


class Request(object):
    """One parsed HTTP request: method, target path, query, headers (lower-case names), body."""

    def __init__(self, method, target, headers, body=b""):
        self.method = method.upper()
        parts = urlsplit(target)
        self.path = parts.path or "/"
        self.query = parse_qs(parts.query)
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())


def check_head(conf, request):
    """Checks done before the body is read: method, bearer token, declared length."""
    if request.method not in conf["methods"]:
        raise Refused(405, "method %s not accepted" % request.method)
    if conf.get("token") and not _bearer_ok(conf["token"], request.header("authorization")):
        raise Refused(401, "missing or wrong bearer token")
    if request.header("transfer-encoding"):
        raise Refused(411, "a Content-Length is required")
    length = request.header("content-length") or "0"
    if not LENGTH.fullmatch(length):
        raise Refused(400, "bad Content-Length")
    if int(length) > conf["max_body"]:
        raise Refused(413, "body of %s bytes over the limit of %d" % (length, conf["max_body"]))
    return int(length)


def _bearer_ok(token, value):
    scheme, given = ((value or "").split(" ", 1) + [""])[:2]
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def cra_answer(conf, request):
    """The CRA challenge (GET ?crc_token=...): hex HMAC-SHA256(secret, crc_token), or None.

    Only GLPI's own token is answered: the answer to any other token is a valid X-GLPI-signature
    for whatever body + timestamp the token spells, so that is refused (403)."""
    tokens = request.query.get("crc_token")
    if not conf["cra_challenge"] or request.method != "GET" or not tokens:
        return None
    expected = sign(conf["secret"], CRA_MESSAGE)
    if len(tokens) != 1 or not hmac.compare_digest(_ascii(tokens[0]), expected.encode("ascii")):
        raise Refused(403, "crc_token is not GLPI's challenge for this secret")
    return sign(conf["secret"], expected)


def _ascii(text):
    """Bytes to compare with hmac.compare_digest (which refuses non-ASCII text)."""
    return text.encode("utf-8", "replace")


def verify(conf, request, now):
    """Refused (401 unsigned, 403 wrong signature or stale timestamp) unless GLPI signed this body;
    returns (signature, signed unix time)."""
    signature, stamp = request.header("x-glpi-signature"), request.header("x-glpi-timestamp")
    if not signature or not stamp:
        raise Refused(401, "unsigned request (no X-GLPI-signature or X-GLPI-timestamp)")
    expected = sign(conf["secret"], request.body + _ascii(stamp))
    if not hmac.compare_digest(expected.encode("ascii"), _ascii(signature.strip().lower())):
        raise Refused(403, "wrong signature")
    if not STAMP.fullmatch(stamp.strip()):
        raise Refused(403, "timestamp is not a unix time")
    age = now - int(stamp)
    if conf["max_age"] and (age > conf["max_age"] or -age > conf["max_future"]):
        raise Refused(403, "stale timestamp: raised %d s ago, accepted window %d s" % (int(age), conf["max_age"]))
    return expected, int(stamp)


def parse_body(conf, request):
    """The body as JSON; a default payload must be a JSON object, a custom one may be any text."""
    text = request.body.decode("utf-8", "replace")
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = text
        if conf["payload"] == "default":
            raise Refused(400, "body is not JSON")
    if conf["payload"] == "default" and not (isinstance(data, dict) and isinstance(data.get("item"), dict)):
        raise Refused(400, "body is not GLPI's default payload {\"item\": {...}, \"event\": ...}")
    return data


def itemtype_for(conf, path):
    """The itemtype of a delivery: ``itemtypes`` maps URL path prefixes to itemtypes (longest first);
    otherwise the last path segment that is not a number, when it looks like a class name
    (``/glpi/Computer`` or ``/glpi/Computer/{{ item.id }}``). GLPI itself sends no itemtype."""
    mapping = conf.get("itemtypes") or {}
    for prefix in sorted(mapping, key=len, reverse=True):
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return mapping[prefix]
    segments = [s for s in path.split("/") if s and not s.isdigit()]
    if segments and ITEMTYPE_SEGMENT.match(segments[-1]):
        return segments[-1]
    return None


def build_event(conf, request, data, received=None):
    """The event put on the rulebook's queue."""
    item = data.get("item") if isinstance(data, dict) else None
    source = item if isinstance(item, dict) else (data if isinstance(data, dict) else {})
    return {
        "itemtype": itemtype_for(conf, request.path),
        "id": source.get("id"),
        "event": data.get("event") if isinstance(data, dict) else None,
        "item": item,
        "payload": data,
        "meta": {
            "received_at": (received or datetime.datetime.now(datetime.timezone.utc)).isoformat(),
            "endpoint": request.path,
            "method": request.method,
            "headers": {k: v for k, v in request.headers.items() if k not in HIDDEN_HEADERS},
        },
    }


def accept(conf, queue, request, now=None):
    """Verify and queue one delivery whose body was read; returns the JSON answer, raises Refused.

    A signature already queued (GLPI's retry after a lost answer, or a replay) is answered 200,
    so GLPI stops resending, and not queued again while its timestamp is within max_age
    (remembered for DEFAULTS max_age seconds after its arrival when max_age is 0)."""
    now = time.time() if now is None else now
    signature, stamp = verify(conf, request, now)
    if conf["seen"].has(signature, now):
        LOG.info("GLPI webhook: duplicate delivery (timestamp %d) answered and not queued", stamp)
        return {"status": "duplicate"}
    data = parse_body(conf, request)
    if queue.qsize() >= conf["max_queue"]:
        raise Refused(503, "queue full (%d events)" % conf["max_queue"])
    queue.put_nowait(build_event(conf, request, data))
    expiry = stamp + conf["max_age"] if conf["max_age"] else now + DEFAULTS["max_age"]
    conf["seen"].add(signature, expiry, now)
    return {"status": "queued"}


async def read_request(reader):
    """Request line and headers (Refused 431 when over 16 KiB), without the body."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise Refused(431, "request head over %d bytes" % MAX_HEAD) from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise Refused(400, "bad request line")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return Request(parts[0], parts[1], headers)


async def respond(writer, status, body, content_type="application/json"):
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    head = "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (
        status, REASONS.get(status, "Error"), content_type, len(data))
    writer.write(head.encode("latin-1") + data)
    await writer.drain()


async def answer(conf, queue, reader):
    """(status, body, content type) for one request; refusals logged with their reason, never the secret."""
    request = None
    try:
        request = await asyncio.wait_for(read_request(reader), conf["read_timeout"])
        challenge = cra_answer(conf, request)
        if challenge is not None:
            return 200, challenge, "text/plain"
        length = check_head(conf, request)
        request.body = await asyncio.wait_for(reader.readexactly(length), conf["read_timeout"])
        return 200, json.dumps(accept(conf, queue, request)), "application/json"
    except Refused as exc:
        LOG.warning("GLPI webhook refused (%d): %s%s", exc.status, exc.reason,
                    " on %s %s" % (request.method, request.path) if request else "")
        return exc.status, json.dumps({"error": exc.reason}), "application/json"
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        raise
    except Exception as exc:  # pylint: disable=broad-except  # a malformed request gets an answer, not a dropped connection
        LOG.warning("GLPI webhook refused (400): malformed request (%s)", type(exc).__name__)
        return 400, json.dumps({"error": "malformed request"}), "application/json"


async def handle(conf, queue, reader, writer):
    """One connection: one request, one answer, then close."""
    try:
        await respond(writer, *(await answer(conf, queue, reader)))
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        LOG.warning("GLPI webhook: connection dropped or too slow")
    finally:
        writer.close()


def tls_context(conf):
    if not conf.get("certfile"):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(conf["certfile"], conf.get("keyfile"))
    return context


async def serve(queue, args):
    """Serve until cancelled."""
    conf = settings(args)
    server = await asyncio.start_server(lambda r, w: handle(conf, queue, r, w), conf["host"], conf["port"],
                                        ssl=tls_context(conf), limit=MAX_HEAD)
    LOG.info("GLPI webhook receiver listening on %s:%d%s", conf["host"], conf["port"],
             " (TLS)" if conf.get("certfile") else "")
    async with server:
        await server.serve_forever()
