"""GLPI 11 webhooks in the emulator (webhooks.py): stored secret, queue rows signed at raise time, the
cron run's delivery (headers, CRA challenge, custom payload, tries), and no Webhook in 10.0 mode."""
import hashlib
import hmac
import http.server
import json
import threading

import pytest

SECRET = "emulator-webhook-secret"


def sign(secret, data):
    return hmac.new(secret.encode(), data.encode() if isinstance(data, str) else data, hashlib.sha256).hexdigest()


class Receiver(http.server.BaseHTTPRequestHandler):
    """Records every request; answers the CRA challenge on /cra, 500 on /fail, 200 otherwise."""
    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        Receiver.seen.append((self.command, self.path, dict(self.headers), body))
        status, text = 200, "{}"
        if self.path.startswith("/cra") and "crc_token=" in self.path:
            text = sign(SECRET, self.path.split("crc_token=")[1])
        elif self.path.startswith("/fail"):
            status = 500
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text.encode())

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):  # pylint: disable=arguments-differ
        return None


@pytest.fixture
def receiver():
    Receiver.seen = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


def cron(api):
    return api.client.post("/_emulator/cron/queuedwebhook").get_json()["sent"]


def test_secret_generated_and_never_returned(api11, store11):
    hook = api11.add("Webhook", name="wh", itemtype="Computer", event="new", url="http://127.0.0.1/x")
    assert "secret" not in api11.get("Webhook/%d" % hook)
    assert all("secret" not in row for row in api11.get("Webhook"))
    assert len(store11.get(store11.reg.get("Webhook"), hook)["secret"]) == 40


def test_delivery_signed_at_raise_time_with_custom_headers(api11, store11, receiver):
    api11.add("Webhook", name="wh", itemtype="Computer", event="new", url=receiver + "/pc/{{ item.id }}", secret=SECRET,
              is_active=1, custom_headers={"X-Item-Id": "{{ item.id }}", "X-Empty": ""})
    pc = api11.add("Computer", name="pc/1")
    queued = store11.find(store11.reg.get("QueuedWebhook"), "1 = 1")
    assert [(q["itemtype"], q["items_id"], q["event"], q["sent_try"]) for q in queued] == [("Computer", pc, "new", 0)]
    assert [r["status"] for r in cron(api11)] == [200] and cron(api11) == []
    method, path, headers, body = Receiver.seen[0]
    assert (method, path) == ("POST", "/pc/%d" % pc)
    assert headers["X-GLPI-signature"] == sign(SECRET, body + headers["X-GLPI-timestamp"])
    assert headers["X-Item-Id"] == str(pc) and "X-Empty" not in headers and "Content-Type" not in headers
    assert headers["User-Agent"] == "GuzzleHttp/7"
    assert body.startswith('{\n    "item": {\n        "id": %d,' % pc) and '"pc\\/1"' in body
    assert json.loads(body)["event"] == "new"


def test_cra_challenge_then_put(api11, receiver):
    api11.add("Webhook", name="wh", itemtype="Computer", event="new", url=receiver + "/cra", secret=SECRET,
              is_active=1, use_cra_challenge=1, http_method="put")
    api11.add("Computer", name="pc")
    assert [r["status"] for r in cron(api11)] == [200]
    assert [(seen[0], seen[1].split("?")[0]) for seen in Receiver.seen] == [("GET", "/cra"), ("PUT", "/cra")]
    assert Receiver.seen[0][1].endswith("crc_token=" + sign(SECRET, "validate_cra_challenge"))


def test_failures_retried_sent_try_plus_one_times_and_purge_sends_nothing(api11, receiver):
    api11.add("Webhook", name="wh", itemtype="Computer", event="new", url=receiver + "/fail", secret=SECRET,
              is_active=1, sent_try=2)
    api11.add("Webhook", name="gone", itemtype="Computer", event="delete", url=receiver + "/ok", secret=SECRET,
              is_active=1)
    pc = api11.add("Computer", name="pc")
    assert api11.call("DELETE", "Computer/%d" % pc, force_purge=True)[0] == 200
    runs = [[r["status"] for r in cron(api11)] for unused in range(4)]
    assert runs == [[500], [500], [500], []]


def test_custom_payload_rendered(api11, receiver):
    api11.add("Webhook", name="wh", itemtype="Computer", event="update", url=receiver + "/c", secret=SECRET, is_active=1,
              use_default_payload=0, payload='{"id": {{ item.id }}, "name": "{{ item.name }}", "ev": "{{ event }}"}')
    pc = api11.add("Computer", name='say "hi"')
    api11.update("Computer", pc, comment="x")
    cron(api11)
    assert Receiver.seen[0][3] == '{"id": %d, "name": "say \\"hi\\"", "ev": "update"}' % pc


def test_no_webhooks_in_glpi_10(api, store):
    assert api.call("POST", "Webhook", {"input": {"name": "wh", "itemtype": "Computer", "event": "new"}})[0] != 201
    api.add("Computer", name="pc")
    assert store.find(store.reg.get("QueuedWebhook"), "1 = 1") == []
