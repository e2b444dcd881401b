"""glpi.glpi.webhook against the emulator's GLPI 11 webhook delivery.

Webhooks are created with glpi_item (itemtype Webhook, legacy API), items are written through the
legacy API, and the emulator's ``queuedwebhook`` cron run (POST /_emulator/cron/queuedwebhook) sends
the queued deliveries to the event source's main(queue, args) on a free port of 127.0.0.1. A real
GLPI cannot run its cron through the API, so these tests carry the fault_injection mark (the real-GLPI
steps deselect it) and skip when GLPI_URL is set. Checked by hand on a real 11.0.6: docs/events.md.
"""
import asyncio
import os
import socket

import pytest
import requests

from ansible_collections.glpi.glpi.extensions.eda.plugins.event_source import webhook

pytestmark = pytest.mark.fault_injection

SECRET = "eda-webhook-test-secret-0123456789abcdef"
TIMEOUT = 60


@pytest.fixture(scope="module")
def emulator11(emulator_factory):
    if os.environ.get("GLPI_URL"):
        pytest.skip("needs the emulator's queuedwebhook cron trigger: a real GLPI runs it from front/cron.php only")
    return emulator_factory(extra_args=["--glpi-version", "11.0"])


@pytest.fixture
def glpi11(emulator11):
    """A fresh 11.0 database for each test: no webhook or queued delivery of another test."""
    emulator11.reset()
    return emulator11


@pytest.fixture
def run11(glpi11, playbook):
    """``run11(tasks)``: the suite's playbook runner with ``glpi11`` as the connection."""
    def run(tasks):
        return playbook.run(tasks, connection={"url": glpi11.base_url, "app_token": glpi11.app_token,
                                               "user_token": glpi11.user_token})
    return run


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cron(server):
    """One run of GLPI's queuedwebhook task in the emulator: [{id, status}] per attempt."""
    answer = requests.post(server.server_url + "/_emulator/cron/queuedwebhook", timeout=30)
    answer.raise_for_status()
    return answer.json()["sent"]


def webhook_task(name, itemtype, event, url, **extra):
    fields = {"name": name, "itemtype": itemtype, "event": event, "url": url, "is_active": 1}
    fields.update(extra)
    return {"glpi.glpi.glpi_item": {"itemtype": "Webhook", "fields": fields}}


def add(client, itemtype, **fields):
    return client.request("POST", itemtype, json_body={"input": fields}).body["id"]


def receive(server, port, writes, args=None):
    """Serve main() on ``port``, run ``writes`` then the cron runs in a thread; (cron results, events)."""
    async def go():
        queue = asyncio.Queue()
        conf = {"host": "127.0.0.1", "port": port, "secret": SECRET}
        conf.update(args or {})
        task = asyncio.ensure_future(webhook.main(queue, conf))
        await asyncio.sleep(0.2)
        try:
            results = await asyncio.get_running_loop().run_in_executor(None, writes)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return results, [queue.get_nowait() for unused in range(queue.qsize())]
    return asyncio.run(asyncio.wait_for(go(), TIMEOUT))


def test_signed_deliveries_of_new_update_delete(glpi11, run11, unique):
    port = free_port()
    url = "http://127.0.0.1:%d/glpi/Computer" % port
    header = {"X-Item-Id": "{% raw %}{{ item.id }}{% endraw %}"}
    tasks = [webhook_task("wh-%s-%s" % (unique, ev), "Computer", ev, url, secret=SECRET, custom_headers=header)
             for ev in ("new", "update", "delete")]
    tasks.append(webhook_task("wh-%s-ticket" % unique, "Ticket", "new", url.replace("Computer", "Ticket"), secret=SECRET))
    run = run11(tasks)
    assert [r.get("changed") for r in run.results] == [True] * 4, run.output
    again = run11(tasks)  # the secret is write-only: never compared, so no change
    assert [r.get("changed") for r in again.results] == [False] * 4, again.output
    client = glpi11.api_client()

    def writes():
        kept = add(client, "Computer", name="pc-" + unique)
        gone = add(client, "Computer", name="gone-" + unique)
        client.request("PUT", "Computer/%d" % kept, json_body={"input": {"comment": "changed"}})
        client.request("DELETE", "Computer/%d" % kept)
        client.request("DELETE", "Computer/%d" % gone, params={"force_purge": True})
        add(client, "Ticket", name="t-" + unique, content="x")
        return kept, cron(glpi11), cron(glpi11)

    (kept, first, second), events = receive(glpi11, port, writes)
    assert [r["status"] for r in first] == [200] * 5 and second == []
    summary = [(e["itemtype"], e["event"], e["item"]["name"]) for e in events]
    assert summary == [("Computer", "new", "pc-" + unique), ("Computer", "new", "gone-" + unique),
                       ("Computer", "update", "pc-" + unique), ("Computer", "delete", "pc-" + unique),
                       ("Ticket", "new", "t-" + unique)], summary
    by_event = {(e["itemtype"], e["event"], e["id"]): e for e in events}
    assert by_event[("Computer", "update", kept)]["item"]["comment"] == "changed"
    assert by_event[("Computer", "delete", kept)]["item"]["is_deleted"] is True
    assert by_event[("Computer", "new", kept)]["meta"]["headers"]["x-item-id"] == str(kept)
    assert "content-type" not in by_event[("Computer", "new", kept)]["meta"]["headers"]
    assert len(events) == 5  # the purge sent nothing


def test_generated_secret_is_undisclosed_and_wrong_secret_is_retried_then_dropped(glpi11, run11, unique):
    port = free_port()
    run = run11([webhook_task("wh-%s" % unique, "Computer", "new", "http://127.0.0.1:%d/glpi/Computer" % port, sent_try=1),
                 {"glpi.glpi.glpi_item_info": {"itemtype": "Webhook", "fields": {"name": "wh-%s" % unique}}}])
    assert run[0].get("changed") is True, run.output
    shown = run[1]["record"]
    assert "secret" not in shown and shown.get("name") == "wh-%s" % unique, run[1]
    client = glpi11.api_client()

    def writes():
        add(client, "Computer", name="pc2-" + unique)
        return [cron(glpi11) for unused in range(3)]

    runs, events = receive(glpi11, port, writes)
    assert [[r["status"] for r in one] for one in runs] == [[403], [403], []]  # sent_try + 1 attempts
    assert events == []
