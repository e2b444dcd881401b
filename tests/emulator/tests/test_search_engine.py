# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The search engine against the /search steps of the reference transcript (no HTTP)."""

import json
import re
from types import SimpleNamespace
from pathlib import Path

import pytest

from glpi_emulator import items, search_engine as se
from glpi_emulator.store import Store

TRANSCRIPT = Path(__file__).resolve().parents[2] / "fidelity" / "transcripts" / "search.json"
NOW = "2024-01-02 03:04:05"


def _computer(store, name, serial=None, deleted=0, manufacturer=0):
    it = store.reg.get("Computer")
    return store.insert(it, {"entities_id": 0, "name": name, "serial": serial,
                             "is_deleted": deleted, "manufacturers_id": manufacturer,
                             "date_mod": NOW, "date_creation": NOW})


@pytest.fixture(scope="module")
def env():
    """The rows search.json sees after the earlier scenarios of the corpus."""
    store = Store(":memory:")
    store.insert(store.reg.get("Entity"), {"name": "Session Child", "entities_id": 0,
                                           "completename": "Root entity &#62; Session Child",
                                           "level": 2})
    for i in range(1, 25):
        _computer(store, "ws-%02d" % i, "SN%04d" % i)
    for i, name in enumerate(["Alpha", "alpha-2", "Beta_1", "Beta%2", "BetaX1"], 25):
        _computer(store, name, "SN%04d" % i)
    _computer(store, "trash-1", deleted=1)
    _computer(store, "trash-2", deleted=1)
    maker = store.insert(store.reg.get("Manufacturer"), {"name": "HoldoutMaker"})
    gi_pc = _computer(store, "gi-pc", "GI-001", manufacturer=maker)
    store.insert(store.reg.get("NetworkPort"), {"itemtype": "Computer", "items_id": gi_pc,
                                                "name": "eth0", "entities_id": 0})
    for name in ["crud-bulk-1", "crud-bulk-3", "crud-bulk-4", "crud-unknownfield",
                 "crud-with-id-in-path", None]:
        _computer(store, name)
    ctx = SimpleNamespace(session=SimpleNamespace(active_entities=[0, 1]), store=store,
                          reg=store.reg)
    return se.SearchEnv(conn=store.conn, schema=se.registry_schema(store.reg),
                        active_entities=[0, 1],
                        visible=lambda alias: items.visible_clause(
                            ctx, store.reg.get("Computer"), alias))


def _matches(expected, actual):
    if isinstance(expected, str) and "<datetime>" in expected:
        pattern = re.escape(expected).replace(re.escape("<datetime>"),
                                              r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")
        return isinstance(actual, str) and re.fullmatch(pattern, actual) is not None
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and list(expected) == list(actual)
                and all(_matches(expected[k], actual[k]) for k in expected))
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(expected) == len(actual)
                and all(_matches(e, a) for e, a in zip(expected, actual)))
    return expected == actual and type(expected) is type(actual)


STEPS = [(i, s) for i, s in enumerate(json.loads(TRANSCRIPT.read_text())["steps"])
         if s["request"]["path"].startswith("/search/Computer")]


@pytest.mark.parametrize("index,step", STEPS, ids=["step%02d" % i for i, _step in STEPS])
def test_search_step(env, index, step):
    params = se.php_params(list((step["request"]["query"] or {}).items()))
    expected = step["response"]
    try:
        status, body, headers = se.search_items(env, "Computer", params)
    except se.SearchError as exc:
        assert (exc.status, exc.code) == (expected["status"], expected["body"][0])
        assert expected["body"][1].startswith(exc.message)
        return
    except se.EmptyAnswer:
        assert (expected["status"], expected["body"]) == (200, "")
        return
    assert status == expected["status"]
    assert _matches(expected["body"], body), json.dumps(body)[:2000]
    for name in ("Content-Range", "Accept-Range"):
        assert headers.get(name) == expected["headers"].get(name)


def test_ip_column_goes_through_ports_and_names(env):
    conn = env.conn
    store_it = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"glpi_networknames", "glpi_ipaddresses"} <= store_it:
        pytest.skip("store has no network name / IP tables")
    conn.execute("INSERT INTO glpi_networknames (id, itemtype, items_id, name, entities_id) "
                 "VALUES (900, 'NetworkPort', 1, 'gi', 0)")
    conn.execute("INSERT INTO glpi_ipaddresses (id, itemtype, items_id, name, entities_id) "
                 "VALUES (901, 'NetworkName', 900, '10.0.0.7', 0)")
    params = se.php_params([("criteria[0][field]", "126"), ("criteria[0][searchtype]", "contains"),
                            ("criteria[0][value]", "10.0.0"), ("forcedisplay[0]", "126")])
    status, body, _headers = se.search_items(env, "Computer", params)
    assert (status, body["totalcount"], body["data"][0]["1"], body["data"][0]["126"]) == (
        200, 1, "gi-pc", "10.0.0.7")
