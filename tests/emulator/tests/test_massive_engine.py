# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Massive actions against the reference transcript (no HTTP; plain store writes)."""

import json
from pathlib import Path

import pytest

from glpi_emulator import massive_engine as ma
from glpi_emulator.search_engine import SearchError, registry_schema
from glpi_emulator.store import Store

TRANSCRIPT = Path(__file__).resolve().parents[2] / "fidelity" / "transcripts" / "massive_actions.json"


@pytest.fixture(scope="module")
def env():
    store = Store(":memory:")
    store.insert(store.reg.get("Entity"), {"name": "Session Child", "entities_id": 0})
    computer = store.reg.get("Computer")
    store.set_next_id("glpi_computers", 42)
    for name in ("ma-1", "ma-2", "ma-3"):
        store.insert(computer, {"name": name, "entities_id": 0})

    def write(changes):
        return lambda itemtype, item_id: (
            store.update(store.reg.get(itemtype), item_id, changes) or True)
    return ma.MassiveEnv(
        schema=registry_schema(store.reg),
        load=lambda itemtype, item_id: store.get(store.reg.get(itemtype), item_id),
        can=lambda itemtype, row, right: True,
        update=lambda itemtype, item_id, fields: (
            store.update(store.reg.get(itemtype), item_id, fields) or True),
        trash=write({"is_deleted": 1}), restore=write({"is_deleted": 0}),
        purge=lambda itemtype, item_id: (store.delete(store.reg.get(itemtype), item_id) or True),
        multi_entity=lambda: True)


STEPS = list(enumerate(json.loads(TRANSCRIPT.read_text())["steps"]))


def _call(env, request):
    parts = request["path"].strip("/").split("/")
    endpoint, itemtype = parts[0], parts[1]
    key = parts[2] if len(parts) > 2 else None
    query = request.get("query") or {}
    if endpoint == "getMassiveActions":
        return 200, ma.get_massive_actions(env, itemtype, key, query.get("is_deleted") == "1")
    if endpoint == "getMassiveActionParameters":
        return 200, ma.get_parameters(env, itemtype, key, False)
    body = request.get("body") or {}
    return ma.apply_action(env, itemtype, key, body.get("ids"), body.get("input"))


@pytest.mark.parametrize("index,step", [(i, s) for i, s in STEPS if "Massive" in s["request"]["path"]
                                        and "NoSuchType" not in s["request"]["path"]],
                         ids=lambda v: "step%02d" % v if isinstance(v, int) else "")
def test_massive_step(env, index, step):
    expected = step["response"]
    try:
        status, body = _call(env, step["request"])
    except SearchError as exc:
        assert (exc.status, exc.code) == (expected["status"], expected["body"][0])
        assert expected["body"][1].startswith(exc.message)
        return
    assert (status, body) == (expected["status"], expected["body"])
