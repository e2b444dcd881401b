"""glpi.glpi.webhook: signature, refusals (status and nothing queued), CRA challenge, queue bound, TLS.

The event source's main(queue, args) serves on a free port of 127.0.0.1; each request is sent raw,
as GLPI's Guzzle does (no Content-Type), and every test is bounded by a timeout."""
import asyncio
import json
import socket
import ssl
import subprocess
import time
from urllib.parse import quote

import pytest

from ansible_collections.glpi.glpi.extensions.eda.plugins.event_source import webhook
from ansible_collections.glpi.glpi.plugins.plugin_utils import webhook_receiver as receiver

SECRET = "0Fs0nFXLanjI8fFBLL9o6iqbRQKaOfFIoqpQHqMg"  # a 40-character secret as GLPI generates one
BODY = json.dumps({"item": {"id": 7, "name": "pc-7", "is_deleted": False}, "event": "update"}, indent=4)
TIMEOUT = 10

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "webhook: request without X-GLPI-signature", "outcome": "401, nothing queued",
     "test": "test_refused_and_not_queued"},
    {"area": "Bad input", "case": "webhook: signature made with another secret or another body", "outcome": "403, nothing queued",
     "test": "test_refused_and_not_queued"},
    {"area": "Bad input", "case": "webhook: signed timestamp older than max_age", "outcome": "403, nothing queued",
     "test": "test_refused_and_not_queued"},
    {"area": "Bad input", "case": "webhook: body over max_body", "outcome": "413 before the body is read, nothing queued",
     "test": "test_refused_and_not_queued"},
    {"area": "Bad input", "case": "webhook: signed body that is not JSON (default payload)", "outcome": "400, nothing queued",
     "test": "test_refused_and_not_queued"},
    {"area": "Load and concurrency", "case": "webhook: deliveries while max_queue events wait", "outcome": "503 (GLPI retries), queue stays at max_queue",
     "test": "test_full_queue_answers_503"},
    {"area": "Bad input", "case": "webhook: GET ?crc_token= with a token other than GLPI's challenge (e.g. a forged body + timestamp)",
     "outcome": "403 and no signature in the answer; the forged body signed that way is refused 403; GLPI's own challenge still answered",
     "test": "test_cra_answers_only_glpi_token"},
    {"area": "Bad input", "case": "webhook: Content-Length byte 0xB2 (isdigit() but not int()), non-ASCII signature or timestamp, unexpected error",
     "outcome": "answered 400 (length, unexpected error) or 403 (signature, timestamp), never a dropped connection; nothing queued",
     "test": "test_malformed_request_answered_400"},
    {"area": "Faults", "case": "webhook: GLPI resends a delivery whose 200 was lost, or a captured delivery is replayed",
     "outcome": "200 each time, queued once while within max_age",
     "test": "test_repeated_delivery_queued_once"},
    {"area": "Load and concurrency", "case": "webhook: memory of delivered signatures",
     "outcome": "expired entries evicted, never more than max_seen kept",
     "test": "test_seen_signatures_bounded"},
    {"area": "Secrets", "case": "webhook: the secret in the logs", "outcome": "never logged, also on refusals",
     "test": "test_secret_never_logged"},
    {"area": "TLS", "case": "webhook: certfile/keyfile", "outcome": "serves HTTPS, a signed delivery is queued",
     "test": "test_tls"},
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_headers(body, stamp=None, secret=SECRET):
    stamp = str(int(time.time()) if stamp is None else stamp)
    data = body.encode() if isinstance(body, str) else body
    return {"X-GLPI-signature": receiver.sign(secret, data + stamp.encode()), "X-GLPI-timestamp": stamp}


async def send(port, method="POST", path="/glpi/Computer", body=BODY, headers=None, tls=None):
    data = body.encode() if isinstance(body, str) else body
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls)
    head = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1", "User-Agent: GuzzleHttp/7",
            "Content-Length: %d" % len(data)] + ["%s: %s" % kv for kv in (headers or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    status = int(answer.split(b" ", 2)[1])
    return status, answer.partition(b"\r\n\r\n")[2].decode()


def run(scenario, args=None, queue=None):
    """Serve main(queue, args) on a free port while ``scenario(port, queue)`` runs; its result."""
    async def go():
        port = free_port()
        conf = {"host": "127.0.0.1", "port": port, "secret": SECRET}
        conf.update(args or {})
        q = queue if queue is not None else asyncio.Queue()
        task = asyncio.ensure_future(webhook.main(q, conf))
        for unused in range(100):
            try:
                w = (await asyncio.open_connection("127.0.0.1", port))[1]
                w.close()
                break
            except OSError:
                await asyncio.sleep(0.02)
        try:
            return await scenario(port, q)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    return asyncio.run(asyncio.wait_for(go(), TIMEOUT))


def test_signed_delivery_is_queued():
    async def scenario(port, queue):
        status, text = await send(port, "PUT", "/glpi/Computer/7", headers=dict(signed_headers(BODY), **{"X-Item-Id": "7"}))
        return status, text, queue.get_nowait(), queue.qsize()
    status, text, event, left = run(scenario)
    assert (status, json.loads(text), left) == (200, {"status": "queued"}, 0)
    assert (event["itemtype"], event["id"], event["event"], event["item"]["name"]) == ("Computer", 7, "update", "pc-7")
    assert event["payload"] == json.loads(BODY)
    assert event["meta"]["method"] == "PUT" and event["meta"]["endpoint"] == "/glpi/Computer/7"
    assert event["meta"]["headers"]["x-item-id"] == "7"
    assert "x-glpi-signature" not in event["meta"]["headers"]


REFUSALS = {
    "unsigned": (401, {}, BODY, {}),
    "no timestamp": (401, {"X-GLPI-signature": "ab" * 32}, BODY, {}),
    "another secret": (403, signed_headers(BODY, secret="x" * 40), BODY, {}),
    "signature of the body alone": (403, {"X-GLPI-signature": receiver.sign(SECRET, BODY),
                                          "X-GLPI-timestamp": str(int(time.time()))}, BODY, {}),
    "body changed after signing": (403, signed_headers(BODY), BODY.replace("pc-7", "pc-8"), {}),
    "stale timestamp": (403, signed_headers(BODY, int(time.time()) - 3700), BODY, {}),
    "timestamp from the future": (403, signed_headers(BODY, int(time.time()) + 600), BODY, {}),
    "oversized body": (413, signed_headers("x" * 2000), "x" * 2000, {"max_body": 1000}),
    "not JSON": (400, signed_headers("{not json"), "{not json", {}),
    "JSON but not GLPI's payload": (400, signed_headers("[1, 2]"), "[1, 2]", {}),
    "wrong bearer token": (401, dict(signed_headers(BODY), Authorization="Bearer nope"), BODY, {"token": "t0ken"}),
    "request head over 16 KiB": (431, dict(signed_headers(BODY), **{"X-Pad": "x" * 17000}), BODY, {}),
    "method not accepted": (405, signed_headers(BODY), BODY, {"methods": ["POST"]}),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_and_not_queued(case):
    status, headers, body, args = REFUSALS[case]
    method = "DELETE" if case == "method not accepted" else "POST"

    async def scenario(port, queue):
        return (await send(port, method, body=body, headers=headers))[0], queue.qsize()
    assert run(scenario, args) == (status, 0)


def test_stale_window_is_configurable_and_retries_pass():
    """GLPI signs at raise time and resends the same timestamp on each retry: one hour old still passes
    by default, and max_age 0 turns the check off."""
    async def scenario(port, queue):
        old = await send(port, headers=signed_headers(BODY, int(time.time()) - 3500))
        return old[0], queue.qsize()
    assert run(scenario) == (200, 1)
    assert run(lambda port, q: _older(port, q, 86400 * 30), {"max_age": 0}) == (200, 1)


async def _older(port, queue, age):
    return (await send(port, headers=signed_headers(BODY, int(time.time()) - age)))[0], queue.qsize()


def test_custom_payload_passed_as_given():
    text = '{"id": 1, "name": "wh test ticket", "ev": "new"}'

    async def scenario(port, queue):
        first = await send(port, path="/eda/Ticket", body=text, headers=signed_headers(text))
        second = await send(port, path="/eda/Ticket", body="plain text", headers=signed_headers("plain text"))
        return first[0], second[0], queue.get_nowait(), queue.get_nowait()
    one, two, event, raw = run(scenario, {"payload": "custom"})
    assert (one, two) == (200, 200)
    assert (event["itemtype"], event["id"], event["item"], event["payload"]["ev"]) == ("Ticket", 1, None, "new")
    assert raw["payload"] == "plain text"


def test_cra_challenge():
    token = receiver.sign(SECRET, "validate_cra_challenge")

    async def scenario(port, queue):
        status, text = await send(port, "GET", "/glpi/Computer?crc_token=" + token, body="")
        return status, text, queue.qsize()
    assert run(scenario) == (200, receiver.sign(SECRET, token), 0)


def test_full_queue_answers_503():
    bodies = [BODY.replace("pc-7", "pc-%d" % n) for n in range(3)]

    async def scenario(port, queue):
        statuses = [(await send(port, body=body, headers=signed_headers(body)))[0] for body in bodies]
        return statuses, queue.qsize()
    assert run(scenario, {"max_queue": 2}) == ([200, 200, 503], 2)


def test_itemtype_mapping_and_path_rule():
    conf = {"itemtypes": {"/hooks/pc": "Computer"}}
    assert receiver.itemtype_for(conf, "/hooks/pc/12") == "Computer"
    assert receiver.itemtype_for({}, "/glpi/Ticket/12") == "Ticket"
    assert receiver.itemtype_for({}, "/12") is None


def test_secret_required_and_taken_from_env():
    with pytest.raises(ValueError, match="GLPI_WEBHOOK_SECRET"):
        receiver.settings({}, environ={})
    assert receiver.settings({}, environ={"GLPI_WEBHOOK_SECRET": "s"})["secret"] == "s"


def test_secret_never_logged(caplog):
    caplog.set_level("DEBUG")

    async def scenario(port, queue):
        await send(port, headers=signed_headers(BODY, secret="y" * 40))
        await send(port, headers=signed_headers(BODY))
        return queue.qsize()
    assert run(scenario) == 1
    assert "wrong signature" in caplog.text and SECRET not in caplog.text


def test_tls(tmp_path):
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "1", "-subj", "/CN=127.0.0.1"], capture_output=True, check=False)
    if made.returncode:
        pytest.skip("openssl cannot make a test certificate here")
    client = ssl.create_default_context(cafile=cert)
    client.check_hostname = False

    async def scenario(port, queue):
        return (await send(port, headers=signed_headers(BODY), tls=client))[0], queue.qsize()
    assert run(scenario, {"certfile": cert, "keyfile": key}) == (200, 1)


def test_slow_client_dropped_after_read_timeout():
    async def scenario(port, queue):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /glpi/Computer HTTP/1.1\r\nContent-Length: 10\r\n\r\n{")
        await writer.drain()
        started = time.monotonic()
        closed = await reader.read()
        writer.close()
        return closed, round(time.monotonic() - started), queue.qsize()
    assert run(scenario, {"read_timeout": 1}) == (b"", 1, 0)


def test_cra_answers_only_glpi_token():
    """The answer to a crc_token is hex HMAC(secret, token): answered for any token, it would sign a forged
    body + timestamp. Only GLPI's token (HMAC(secret, "validate_cra_challenge")) is answered."""
    forged = json.dumps({"item": {"id": 1, "name": "forged"}, "event": "delete"})
    stamp = str(int(time.time()))
    forged_signature = receiver.sign(SECRET, forged + stamp)
    token = receiver.sign(SECRET, "validate_cra_challenge")

    async def scenario(port, queue):
        challenge = await send(port, "GET", "/glpi/Computer?crc_token=" + quote(forged + stamp), body="")
        other = await send(port, "GET", "/glpi/Computer?crc_token=" + "ab" * 32, body="")
        headers = {"X-GLPI-signature": challenge[1].strip(), "X-GLPI-timestamp": stamp}
        post = await send(port, body=forged, headers=headers)
        real = await send(port, "GET", "/glpi/Computer?crc_token=" + token, body="")
        return challenge, other[0], post[0], real, queue.qsize()
    challenge, other, post, real, queued = run(scenario)
    assert (challenge[0], other, post, queued) == (403, 403, 403, 0)
    assert forged_signature not in challenge[1]
    assert real == (200, receiver.sign(SECRET, token))


async def send_raw(port, head, body=b""):
    """Send request line + headers given as bytes (any byte, as a client may); (status, body text)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head + b"\r\n\r\n" + body)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return int(answer.split(b" ", 2)[1]), answer.partition(b"\r\n\r\n")[2].decode()


def test_malformed_request_answered_400(monkeypatch):
    """Byte 0xB2 (superscript two in latin-1) passes str.isdigit() but not int(); a non-ASCII signature made
    hmac.compare_digest raise TypeError: both dropped the connection with a traceback."""
    stamp = str(int(time.time())).encode()
    heads = [b"POST /glpi/Computer HTTP/1.1\r\nContent-Length: \xb2",
             b"POST /glpi/Computer HTTP/1.1\r\nContent-Length: 2\r\nX-GLPI-signature: \xe9\xe9\r\nX-GLPI-timestamp: " + stamp,
             b"POST /glpi/Computer HTTP/1.1\r\nContent-Length: 2\r\nX-GLPI-signature: " + receiver.sign(SECRET, "{}\xb2").encode()
             + b"\r\nX-GLPI-timestamp: \xb2"]  # signed, so the timestamp itself is checked

    async def scenario(port, queue):
        return [(await send_raw(port, head, b"{}"))[0] for head in heads], queue.qsize()
    assert run(scenario) == ([400, 403, 403], 0)

    def broken(conf, request):
        raise RuntimeError("unexpected")
    monkeypatch.setattr(receiver, "parse_body", broken)

    async def unexpected(port, queue):
        return (await send(port, headers=signed_headers(BODY))), queue.qsize()
    assert run(unexpected) == ((400, json.dumps({"error": "malformed request"})), 0)


def test_repeated_delivery_queued_once():
    """GLPI resends the same body, timestamp and signature when it did not get the 2xx: answered 200
    (GLPI stops), queued once. Another delivery (other timestamp) is queued."""
    headers = signed_headers(BODY)
    later = signed_headers(BODY, int(headers["X-GLPI-timestamp"]) - 1)

    async def scenario(port, queue):
        statuses = [(await send(port, headers=headers))[0] for unused in range(3)]
        statuses.append((await send(port, headers=later))[0])
        return statuses, queue.qsize()
    assert run(scenario) == ([200, 200, 200, 200], 2)


def test_seen_signatures_bounded():
    conf = receiver.settings({"secret": SECRET, "max_seen": 3, "max_age": 100})
    queue = asyncio.Queue()
    now = 1000000
    for n in range(5):
        body = BODY.replace("pc-7", "pc-%d" % n)
        stamp = str(now - 50 + n)
        request = receiver.Request("POST", "/glpi/Computer", {"x-glpi-signature": receiver.sign(SECRET, body + stamp),
                                                              "x-glpi-timestamp": stamp}, body.encode())
        assert receiver.accept(conf, queue, request, now=now) == {"status": "queued"}
    assert len(conf["seen"]) == 3  # the cap: the two expiring first were dropped
    seen = conf["seen"]
    seen.add("late", now + 500, now=now + 60)  # the others expired at now + 50..54
    assert (len(seen), seen.has("late", now + 60), len(seen.heap)) == (1, True, 1)
