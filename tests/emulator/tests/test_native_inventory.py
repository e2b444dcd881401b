# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The native inventory endpoint in both version modes: enabling, protocol answers, errors, the
import of a Linux agent document, resubmissions and the locked-field duplicate trap (the findings
of glpi-reference/native-inventory and glpi-reference-11/NATIVE-INVENTORY.md)."""

import gzip
import json

import pytest

from emulator_api import TOKENS, Api
from glpi_emulator.store import Store
from inventory_docs import enable, linux_document, send


@pytest.fixture(params=["10.0", "11.0"])
def inv(request):
    """An Api on a fresh store of that version, inventory not enabled yet."""
    api = Api(Store(":memory:", TOKENS, version=request.param))
    api.version = request.param
    return api


@pytest.fixture
def enabled(inv):
    enable(inv)
    return inv


def _rows(api, itemtype, **query):
    return api.get(itemtype, range="0-999", **query)


# -- enabling and protocol ----------------------------------------------------------------------
def test_disabled_after_a_fresh_install(inv):
    status, body, answer = send(inv, linux_document())
    if inv.version == "10.0":
        assert (status, body) == (200, "Inventory is disabled")
    else:
        assert status == 403 and "Access denied" in body
    assert answer.headers["Content-Type"].startswith("text/html")
    assert _rows(inv, "Computer") == []


def test_enabled_through_put_config_despite_its_400(inv):
    enable(inv)
    rows = [r for r in _rows(inv, "Config") if r["name"] == "enabled_inventory"]
    assert [(r["context"], r["value"]) for r in rows] == [("inventory", "1")]
    assert send(inv, linux_document())[:2] == (200, {"expiration": "24", "status": "ok"})


def test_inventory_route_alias_only_in_11(enabled):
    status, body, _answer = send(enabled, linux_document(), path="/Inventory")
    if enabled.version == "11.0":
        assert (status, body) == (200, {"expiration": "24", "status": "ok"})
    else:
        assert status == 404


def test_get_405_and_get_config_400(enabled):
    answer = enabled.client.get("/front/inventory.php")
    assert (answer.status_code, answer.get_data()) == (405, b"")
    answer = enabled.client.get("/front/inventory.php?action=getConfig")
    assert answer.status_code == 400
    assert answer.get_json() == {"status": "error", "message": "Protocol not supported", "expiration": 24}


def test_contact_creates_the_agent_with_its_port(enabled):
    contact = {"action": "contact", "deviceid": "agent-x", "installed-tasks": ["inventory"],
               "enabled-tasks": ["inventory"], "httpd-port": 62354}
    status, body, _answer = send(enabled, contact)
    version = "10.0.12" if enabled.version == "10.0" else "11.0.6"
    assert (status, body) == (200, {"expiration": "24", "status": "ok",
                                    "tasks": {"inventory": {"server": "glpi", "version": version}}})
    agents = _rows(enabled, "Agent")
    assert [(a["deviceid"], a["port"], a["items_id"]) for a in agents] == [("agent-x", "62354", 0)]


@pytest.mark.parametrize("compression", [None, "gzip", "zlib"])
def test_answer_shape_and_compression_echo(enabled, compression):
    status, body, answer = send(enabled, linux_document(), compression=compression, agent_id=False)
    assert (status, body) == (200, {"RESPONSE": "SEND"})
    expected = {None: "application/json", "gzip": "application/x-compress-gzip",
                "zlib": "application/x-compress-zlib"}[compression]
    assert answer.headers["Content-Type"] == expected
    if compression == "gzip":
        assert answer.get_data()[:2] == b"\x1f\x8b"


def test_brotli_is_415(enabled):
    answer = enabled.client.post("/front/inventory.php", data=b"x",
                                 headers={"Content-Type": "application/x-compress-br"})
    assert answer.status_code == 415


def test_broken_json_400(enabled):
    status, body, _answer = send(enabled, None, raw=b"{not json")
    assert (status, body) == (400, {"status": "error", "message": "JSON not well formed!", "expiration": 24})


def test_schema_violations_400_in_swaggest_words(enabled):
    document = linux_document()
    del document["content"]["versionclient"]
    document["content"]["hardware"]["unknown_key"] = 1
    status, body, _answer = send(enabled, document)
    assert status == 400 and body["expiration"] == 24
    # the first violation only, cut to 250 characters (10.0.12: Html::resume_text), as real servers answered it
    assert body["message"] == (
        'JSON does not validate. Violations:\nRequired property missing: versionclient, data: {"hardware":'
        '{"name":"holdout-linux-01","uuid":"4c4c4544-0000-1000-8000-000000000001","lastloggeduser":"alice",'
        '"chassis_type":"Desktop","memory":16000,"unknown_key":1}' + ("&nbsp;(...)" if enabled.version == "10.0" else ""))
    document = linux_document()
    document["content"]["hardware"]["unknown_key"] = 1
    message = send(enabled, document)[1]["message"]
    assert message == ("JSON does not validate. Violations:\nAdditional properties not allowed: unknown_key at "
                       "#->properties:content->properties:hardware\n")
    status, body, _answer = send(enabled, {"content": {"versionclient": "x"}})
    if enabled.version == "10.0":
        assert (status, body["message"]) == (400, 'JSON does not validate. Violations:\nRequired property missing: '
                                                  'deviceid, data: {"content":{"versionclient":"x"}}\n')
    else:  # 11.0.6 fails on its typed property first
        assert (status, body["message"]) == (500, "Cannot assign null to property "
                                                  "Glpi\\Agent\\Communication\\AbstractRequest::$deviceid of type string")


def test_numeric_strings_tolerated_like_swaggest(enabled):
    document = linux_document()
    document["content"]["cpus"][0]["speed"] = "2900"
    document["content"]["hardware"]["memory"] = "16000"
    assert send(enabled, document)[0] == 200
    document["content"]["hardware"]["memory"] = "lots"
    assert send(enabled, document)[1]["message"] == (
        'JSON does not validate. Violations:\nInteger expected, "lots" received at '
        '#->properties:content->properties:hardware->properties:memory\n')


def test_error_answers_compressed_like_the_request(enabled):
    answer = enabled.client.post("/front/inventory.php", data=gzip.compress(b"{broken"),
                                 headers={"Content-Type": "application/x-compress-gzip"})
    assert answer.status_code == 400
    assert answer.headers["Content-Type"] == "application/x-compress-gzip"
    assert json.loads(gzip.decompress(answer.get_data()))["message"] == "JSON not well formed!"


def test_minimal_document_without_name_makes_an_agent_but_no_computer(enabled):
    status, body, _answer = send(enabled, {"deviceid": "x", "itemtype": "Computer", "content": {"versionclient": "x"}})
    assert (status, body) == (200, {"expiration": "24", "status": "ok"})
    assert [(a["deviceid"], a["items_id"]) for a in _rows(enabled, "Agent")] == [("x", 0)]
    assert _rows(enabled, "Computer") == []
    send(enabled, {"deviceid": "y", "content": {"versionclient": "x", "hardware": {"name": "named"}}})
    assert [c["name"] for c in _rows(enabled, "Computer")] == ["named"]


def test_faults_apply_to_the_endpoint(enabled):
    """The emulator's fault injection (/_emulator/faults) covers the endpoint, e.g. a 502 after GLPI
    imported the document (the client cannot tell whether it was applied)."""
    rule = {"fail_next": {"count": 1, "status": 502, "path_regex": "inventory", "after_apply": True}}
    assert enabled.client.post("/_emulator/faults", json=rule).status_code == 200
    status, _body, _answer = send(enabled, linux_document())
    assert status == 502
    assert [c["name"] for c in enabled.get("Computer")] == ["holdout-linux-01"]
    assert send(enabled, linux_document())[0] == 200
