"""Moving an object out of the session's reach. GLPI 10.0.12 and 11.0.6 both let a
Technician whose only authorization is on entity A update a computer's ``entities_id`` to an
entity B outside it: 200, the computer moves, and the same account then gets 403 on it.
glpi_item (single and bulk) checks the target against the session's active entities
(getActiveEntities, only when some entities_id changes) and refuses before any write unless
allow_move_out_of_scope is set."""

import uuid

import pytest
import requests

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Entity scope", "case": "glpi_item: a Technician on entity A moves a computer to entity B outside its active entities",
     "outcome": "fails naming entities_id, the computer, entity B and the active entities; nothing written",
     "test": "test_move_out_of_scope_is_refused_then_allowed"},
    {"area": "Entity scope", "case": "glpi_item with items: one element of a bulk update moves out of the active entities",
     "outcome": "the whole task fails before any write, naming the element and the target entity",
     "test": "test_move_out_of_scope_is_refused_then_allowed"},
    {"area": "Entity scope", "case": "glpi_item: allow_move_out_of_scope=true",
     "outcome": "the move is written with a warning (GLPI answers 200; the account then gets 403 on the computer)",
     "test": "test_move_out_of_scope_is_refused_then_allowed"},
    {"area": "Entity scope", "case": "glpi_item: an update that does not change entities_id",
     "outcome": "no getActiveEntities request; an entity change costs one request per task",
     "test": "test_move_out_of_scope_is_refused_then_allowed"},
    {"area": "Entity scope", "case": "glpi_massive_action: a Technician on entity A updates entities_id of two computers to entity B",
     "outcome": "fails naming entities_id, the computers, entity B and the active entities; nothing written; "
                "allow_move_out_of_scope=true moves them with a warning",
     "test": "test_massive_move_out_of_scope_is_refused_then_allowed"},
]


def item(itemtype, **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": itemtype}, **options)}


@pytest.fixture
def scoped(playbook, glpi_server, unique):
    """Entities A and B, a Technician authorized on A only (not recursive), three computers in A."""
    password = "Pw-%s" % uuid.uuid4().hex
    names = {"a": "Root entity > scope-a-%s" % unique, "b": "Root entity > scope-b-%s" % unique,
             "user": "scope-tech-%s" % unique, "pcs": ["scope-pc%d-%s" % (n, unique) for n in range(3)]}
    run = playbook.run([
        {"glpi.glpi.glpi_entity": {"path": names["a"]}},
        {"glpi.glpi.glpi_entity": {"path": names["b"]}},
        {"glpi.glpi.glpi_user": {"name": names["user"], "user_password": password,
                                 "profiles": [{"profile": "Technician", "entity": names["a"], "recursive": False}]}},
        item("Computer", items=[{"name": pc, "entities_id": names["a"]} for pc in names["pcs"]]),
    ])
    assert all(not r.get("failed") for r in run.results), [r.get("msg") for r in run.results]
    names.update(a_id=run[0]["id"], b_id=run[1]["id"], ids=[r["id"] for r in run[3]["results"]])
    names["connection"] = {"url": glpi_server.base_url, "app_token": glpi_server.app_token,
                           "username": names["user"], "password": password}
    yield names
    playbook.run([
        item("Computer", items=[{"id": ident} for ident in names["ids"]], state="purged"),
        {"glpi.glpi.glpi_user": {"name": names["user"], "state": "purged"}},
        {"glpi.glpi.glpi_entity": {"path": names["a"], "state": "absent"}},
        {"glpi.glpi.glpi_entity": {"path": names["b"], "state": "absent"}},
    ])


def read_as(server, connection, ident):
    """The HTTP status of GET Computer/id for the scoped account (its session is closed again)."""
    headers = {"App-Token": server.app_token} if server.app_token else {}
    answer = requests.get(server.base_url + "/initSession", auth=(connection["username"], connection["password"]),
                          headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    headers["Session-Token"] = answer.json()["session_token"]
    status = requests.get(server.base_url + "/Computer/%s" % ident, headers=headers, timeout=30).status_code
    requests.get(server.base_url + "/killSession", headers=headers, timeout=30)
    return status


def test_move_out_of_scope_is_refused_then_allowed(playbook, glpi_server, counters, scoped):
    first, second, third = scoped["ids"]
    b_id, a_id = scoped["b_id"], scoped["a_id"]
    counters.reset()
    run = playbook.run([
        item("Computer", id=first, fields={"entities_id": b_id}),
        item("Computer", items=[{"id": second, "comment": "bulk %s" % b_id}, {"id": third, "entities_id": b_id}]),
        item("Computer", id=first, fields={"comment": "kept in A"}),
    ], connection=scoped["connection"])
    stats = counters.read()
    single, many, unmoved = run.results
    assert single.get("failed") and not single["changed"]
    for text in ("entities_id", "Computer %s" % first, "entity %s" % b_id, "active entities (%s)" % a_id,
                 "allow_move_out_of_scope"):
        assert text in single["msg"], (text, single["msg"])
    assert many.get("failed") and not many["changed"], many.get("msg")
    assert "Computer %s" % third in many["msg"] and "entity %s" % b_id in many["msg"], many["msg"]
    assert "Computer %s" % second not in many["msg"]
    assert unmoved["changed"] and not unmoved.get("failed"), unmoved.get("msg")
    assert stats["by_endpoint"].get("GET getActiveEntities") == 2, stats["by_endpoint"]
    assert stats["writes"] == 1, "only the comment of the unmoved computer is written: %s" % stats["by_endpoint"]
    assert read_as(glpi_server, scoped["connection"], third) == 200

    run = playbook.run([item("Computer", id=first, fields={"entities_id": b_id}, allow_move_out_of_scope=True)],
                       connection=scoped["connection"])
    moved = run[0]
    assert moved["changed"] and not moved.get("failed"), moved.get("msg")
    assert moved["item"] is None
    assert any("outside this session's active entities" in w for w in moved.get("warnings", [])), moved.get("warnings")
    # What GLPI does with the move: the computer is in B, and out of the Technician's reach.
    assert read_as(glpi_server, scoped["connection"], first) == 403
    back = playbook.run([item("Computer", id=first)])[0]
    assert back["item"]["entities_id"] == b_id, back.get("msg")


def test_massive_move_out_of_scope_is_refused_then_allowed(playbook, glpi_server, counters, scoped):
    first, second, third = scoped["ids"]
    b_id, a_id = scoped["b_id"], scoped["a_id"]
    task = {"itemtype": "Computer", "action": "update", "ids": [first, second], "field": "entities_id", "value": b_id}
    counters.reset()
    refused = playbook.run([{"glpi.glpi.glpi_massive_action": task}], connection=scoped["connection"])[0]
    assert refused.get("failed") and not refused.get("changed"), refused
    for text in ("entities_id", "Computer %s" % first, "Computer %s" % second, "entity %s" % b_id,
                 "active entities (%s)" % a_id, "allow_move_out_of_scope", "nothing was written"):
        assert text in refused["msg"], (text, refused["msg"])
    assert counters.read()["writes"] == 0
    assert read_as(glpi_server, scoped["connection"], first) == 200
    moved = playbook.run([{"glpi.glpi.glpi_massive_action": dict(task, allow_move_out_of_scope=True)}],
                         connection=scoped["connection"])[0]
    assert any("outside this session's active entities" in w for w in moved.get("warnings", [])), moved
    assert moved["changed"] and moved["changed_ids"] == [first, second], moved
    assert read_as(glpi_server, scoped["connection"], first) == 403
    back = playbook.run([item("Computer", id=ident) for ident in (first, second, third)])
    assert [r["item"]["entities_id"] for r in back.results] == [b_id, b_id, a_id]
