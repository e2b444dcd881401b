# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault rules of /_emulator/faults that act after GLPI carried a request out (a cut-off
or late answer to a committed POST), and refuse_items (a 207 partial bulk add)."""

import json

from emulator_api import Api


def faults(api, **rules):
    answer = api.client.post("/_emulator/faults", data=json.dumps(rules), content_type="application/json")
    assert answer.status_code == 200, answer.get_data(as_text=True)


def names(api):
    return sorted(row["name"] for row in api.get("Computer", range="0-999"))


def test_drop_after_apply_commits_and_cuts_the_answer_off(store):
    api = Api(store)
    faults(api, drop_next={"count": 1, "methods": ["POST"], "path_regex": "^Computer$", "after_apply": True})
    answer = api.raw("POST", "Computer", {"input": {"name": "dropped-after"}})
    assert answer.headers["Content-Length"] == "64" and answer.get_data() == b""
    assert names(api) == ["dropped-after"]


def test_drop_rule_before_apply_writes_nothing_and_spares_other_requests(store):
    api = Api(store)
    faults(api, drop_next={"count": 1, "methods": ["POST"], "path_regex": "^Computer$"})
    assert api.raw("GET", "Computer").status_code in (200, 206)
    assert api.raw("POST", "Computer", {"input": {"name": "dropped-before"}}).get_data() == b""
    assert names(api) == []
    assert api.call("POST", "Computer", {"input": {"name": "second"}})[0] == 201


def test_slow_next_delays_only_matching_requests(store, monkeypatch):
    slept = []
    monkeypatch.setattr("glpi_emulator.app.time.sleep", slept.append)
    api = Api(store)
    faults(api, slow_next={"count": 1, "latency_ms": 1500, "methods": ["PUT"], "after_apply": True})
    api.add("Computer", name="slow")
    assert slept == []
    ident = api.get("Computer")[0]["id"]
    api.update("Computer", ident, comment="late")
    assert slept == [1.5]
    assert api.get("Computer/%d" % ident)["comment"] == "late"


def test_refuse_items_gives_a_partial_bulk_add(store):
    api = Api(store)
    faults(api, refuse_items={"count": 1, "itemtype": "Computer", "name_regex": "-b$", "message": "refused"})
    status, body = api.call("POST", "Computer", {"input": [{"name": "x-a"}, {"name": "x-b"}, {"name": "x-c"}]})
    assert status == 207
    assert body[0] == "ERROR_GLPI_PARTIAL_ADD"
    assert [row["id"] is False for row in body[1]] == [False, True, False]
    assert body[1][1]["message"] == "refused"
    assert names(api) == ["x-a", "x-c"]


def test_expire_on_ends_the_session_before_the_matching_request(store):
    api = Api(store)
    faults(api, expire_on={"count": 1, "methods": ["POST"], "path_regex": "^Computer$"})
    assert api.call("GET", "Computer")[0] in (200, 206)
    status, body = api.call("POST", "Computer", {"input": {"name": "late"}})
    assert status == 401 and body[0] == "ERROR_SESSION_TOKEN_INVALID"
    api.login()
    assert api.call("POST", "Computer", {"input": {"name": "late"}})[0] == 201
    assert names(api) == ["late"]
