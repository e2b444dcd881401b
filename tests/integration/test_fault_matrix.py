"""The fault matrix (issue 12): a create, an update, a bulk create, a massive action and a ticket,
each under every fault the emulator injects on its write request: HTTP 500/502/503/504, an answer
slower than ``timeout``, the connection dropped before and after GLPI committed, the session
expiring just before the write, the Authorization header stripped, a 207 partial bulk add and
nginx's 502 after a committed bulk add.

Each case ends in one of the outcomes named in RELIABILITY_CASES (parsed by OUTCOMES below):
retried or recovered and succeeded, or a clear failure; then the database is read back through
the API (nothing created twice, no change reported that did not happen, nothing lost without
an error) and, after a failure, a re-run without the fault converges.

The modules run in process (inprocess_module.py): the same module code as under
ansible-playbook, a few milliseconds per call instead of about two seconds.
"""

import json
import os
import subprocess
import sys

import pytest

from inprocess_module import run_module

pytestmark = [pytest.mark.integration, pytest.mark.fault_injection]

RETRIED = "retried with a warning; succeeds; the change made once"
RECOVERED = "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"
FAILS_NOTHING = "fails naming the HTTP status; nothing written; a re-run without the fault makes the change once"
FAILS_LOST = "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"
RELOGIN = "logs in again, replays the request; succeeds; the change made once"
QUERY_TOKEN = "initSession retried with the tokens in the query string; succeeds"
PARTIAL = "fails naming the refused item and GLPI's message, changed=true; the others created once, reported with their ids"
REFUSED = "fails with GLPI's message; nothing written"

OUTCOMES = {RETRIED: "ok", RECOVERED: "ok", RELOGIN: "ok", QUERY_TOKEN: "ok",
            FAILS_NOTHING: "fail", FAILS_LOST: "fail", PARTIAL: "partial", REFUSED: "fail"}

RELIABILITY_CASES = [
    {"area": "Faults", "case": "create: HTTP 500 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "create: HTTP 502 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "create: HTTP 503 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "create: HTTP 504 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "create: answer slower than timeout", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "create: connection dropped before GLPI committed", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "create: connection dropped after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "create: session expires before the write", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "create: cached session expired between tasks", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "create: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},
    {"area": "Faults", "case": "create: GLPI refuses the item", "test": "test_fault_matrix",
     "outcome": "fails with GLPI's message; nothing written"},
    {"area": "Faults", "case": "create: nginx 502 after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},

    {"area": "Faults", "case": "update: HTTP 500 on the PUT", "test": "test_fault_matrix",
     "outcome": "fails naming the HTTP status; nothing written; a re-run without the fault makes the change once"},
    {"area": "Faults", "case": "update: HTTP 502 on the PUT", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: HTTP 503 on the PUT", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: HTTP 504 on the PUT", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: answer slower than timeout", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: connection dropped before GLPI committed", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: connection dropped after GLPI committed", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "update: session expires before the write", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "update: cached session expired between tasks", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "update: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},

    {"area": "Faults", "case": "bulk create: HTTP 500 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "bulk create: HTTP 502 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "bulk create: HTTP 503 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "bulk create: HTTP 504 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "bulk create: answer slower than timeout", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "bulk create: connection dropped before GLPI committed", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "bulk create: connection dropped after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "bulk create: session expires before the write", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "bulk create: cached session expired between tasks", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "bulk create: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},
    {"area": "Faults", "case": "bulk create: GLPI refuses one item (207 partial)", "test": "test_fault_matrix",
     "outcome": "fails naming the refused item and GLPI's message, changed=true; the others created once, reported with their ids"},
    {"area": "Faults", "case": "bulk create: nginx 502 after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},

    {"area": "Faults", "case": "massive action: HTTP 500 on the POST", "test": "test_fault_matrix",
     "outcome": "fails naming the HTTP status; nothing written; a re-run without the fault makes the change once"},
    {"area": "Faults", "case": "massive action: HTTP 502 on the POST", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: HTTP 503 on the POST", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: HTTP 504 on the POST", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: answer slower than timeout", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: connection dropped before GLPI committed", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: connection dropped after GLPI committed", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: session expires before the write", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: cached session expired between tasks", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "massive action: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},
    {"area": "Faults", "case": "massive action: nginx 502 after GLPI committed", "test": "test_fault_matrix",
     "outcome": "retried with a warning; succeeds; the change made once"},

    {"area": "Faults", "case": "ticket: HTTP 500 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "ticket: HTTP 502 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "ticket: HTTP 503 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "ticket: HTTP 504 on the POST", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "ticket: answer slower than timeout", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "ticket: connection dropped before GLPI committed", "test": "test_fault_matrix",
     "outcome": "fails unchanged: answer lost (cause named), object not found when GLPI is read back; no second POST; a re-run creates it once"},
    {"area": "Faults", "case": "ticket: connection dropped after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "ticket: session expires before the write", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "ticket: cached session expired between tasks", "test": "test_fault_matrix",
     "outcome": "logs in again, replays the request; succeeds; the change made once"},
    {"area": "Faults", "case": "ticket: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},
    {"area": "Faults", "case": "ticket: GLPI refuses the ticket", "test": "test_fault_matrix",
     "outcome": "fails with GLPI's message; nothing written"},
    {"area": "Faults", "case": "ticket: nginx 502 after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
    {"area": "Faults", "case": "role hr_onboarding: nginx 502 after GLPI committed the user", "test": "test_role_run_under_faults",
     "outcome": "the user found on reading GLPI back, reported created; the role succeeds; one user; a second run changes nothing"},
    {"area": "Faults", "case": "role hr_onboarding: session expires before the user is created", "test": "test_role_run_under_faults",
     "outcome": "logs in again, replays the POST; the role succeeds; one user, owning the computer; a second run changes nothing"},
    {"area": "Faults", "case": "role hr_onboarding: HTTP 500 on the POST of the user", "test": "test_role_run_under_faults",
     "outcome": "the role fails naming the user, reports it failed and nothing changed; no user; a re-run without the fault creates it once"},
    {"area": "Faults", "case": "role hr_onboarding: HTTP 502 on the POST of the user", "test": "test_role_run_under_faults",
     "outcome": "the role fails naming the user, reports it failed and nothing changed; no user; a re-run without the fault creates it once"},
    {"area": "Faults", "case": "role hr_onboarding: HTTP 503 on the POST of the user", "test": "test_role_run_under_faults",
     "outcome": "the role fails naming the user, reports it failed and nothing changed; no user; a re-run without the fault creates it once"},
    {"area": "Faults", "case": "role hr_onboarding: HTTP 504 on the POST of the user", "test": "test_role_run_under_faults",
     "outcome": "the role fails naming the user, reports it failed and nothing changed; no user; a re-run without the fault creates it once"},
    {"area": "Faults", "case": "role hr_onboarding: answer slower than timeout on the POST of the user", "test": "test_role_run_under_faults",
     "outcome": "the user found on reading GLPI back, reported created; the role succeeds; one user; a second run changes nothing"},
    {"area": "Faults", "case": "role hr_onboarding: connection dropped before GLPI committed the user", "test": "test_role_run_under_faults",
     "outcome": "the role fails naming the user, reports it failed and nothing changed; no user; a re-run without the fault creates it once"},
    {"area": "Faults", "case": "role hr_onboarding: connection dropped after GLPI committed the user", "test": "test_role_run_under_faults",
     "outcome": "the user found on reading GLPI back, reported created; the role succeeds; one user; a second run changes nothing"},

    {"area": "Faults", "case": "inventory: Authorization header stripped", "test": "test_inventory_run_under_faults",
     "outcome": "initSession retried with the tokens in the query string; every host once"},
    {"area": "Faults", "case": "inventory: HTTP 500 on the search", "test": "test_inventory_run_under_faults",
     "outcome": "the run fails naming HTTP 500; no partial inventory"},
    {"area": "Faults", "case": "inventory: HTTP 502 on the search", "test": "test_inventory_run_under_faults",
     "outcome": "retried; every host once"},
    {"area": "Faults", "case": "inventory: HTTP 503 on every try of a search page", "test": "test_inventory_run_under_faults",
     "outcome": "the run fails naming HTTP 503 after the retries; no partial inventory"},
    {"area": "Faults", "case": "inventory: HTTP 503 on the search", "test": "test_inventory_run_under_faults",
     "outcome": "retried; every host once"},
    {"area": "Faults", "case": "inventory: HTTP 504 on the search", "test": "test_inventory_run_under_faults",
     "outcome": "retried; every host once"},
    {"area": "Faults", "case": "inventory: connection dropped on the search", "test": "test_inventory_run_under_faults",
     "outcome": "retried; every host once"},
    {"area": "Faults", "case": "inventory: search answer slower than timeout", "test": "test_inventory_run_under_faults",
     "outcome": "retried; every host once"},
    {"area": "Faults", "case": "inventory: session expires before the search", "test": "test_inventory_run_under_faults",
     "outcome": "logs in again, replays the search; every host once"},
]

# The write request of each operation, as the emulator's path_regex sees it.
WRITES = {"create": ("POST", "^Computer$"), "update": ("PUT", "^Computer"), "bulk create": ("POST", "^Computer$"),
          "massive action": ("POST", "^applyMassiveAction/"), "ticket": ("POST", "^Ticket$")}
ITEMTYPES = {"create": "Computer", "update": "Computer", "bulk create": "Computer", "massive action": "Computer",
             "ticket": "Ticket"}
SLOW_TIMEOUT = 1     # seconds: the module's timeout in the "slower than timeout" cases
SLOW_MS = 1600       # the emulator answers that late (after committing)


def fault_rules(fault, operation):
    """The /_emulator/faults body that produces ``fault`` on the write request of ``operation``."""
    method, path = WRITES[operation]
    rule = {"count": 1, "methods": [method], "path_regex": path}
    if fault.startswith("HTTP "):
        return {"fail_next": dict(rule, status=int(fault.split()[1]))}
    if fault == "nginx 502 after GLPI committed":
        return {"fail_next": dict(rule, status=502, after_apply=True)}
    if fault == "answer slower than timeout":
        return {"slow_next": dict(rule, latency_ms=SLOW_MS, after_apply=True)}
    if fault.startswith("connection dropped"):
        return {"drop_next": dict(rule, after_apply="after" in fault)}
    if fault == "session expires before the write":
        return {"expire_on": rule}
    if fault == "cached session expired between tasks":
        return {}  # the test expires the sessions after a first task cached one
    if fault == "Authorization header stripped":
        return {"strip_authorization": True}
    if fault.startswith("GLPI refuses"):
        return {"refuse_items": {"count": 1, "itemtype": ITEMTYPES[operation], "name_regex": "-refused$", "message": "refused by a plugin"}}
    raise AssertionError("no fault rule for %r" % fault)


def cases_of(test):
    """The faults RELIABILITY_CASES gives for ``test`` (the part of the case after the first ': ')."""
    return sorted(case["case"].split(": ", 1)[1] for case in RELIABILITY_CASES if case["test"] == test)


def matrix():
    for case in RELIABILITY_CASES:
        if case["test"] == "test_fault_matrix":
            operation, fault = case["case"].split(": ", 1)
            yield pytest.param(operation, fault.split(" on the ")[0], case["outcome"], id=case["case"])


class Operation:
    """One operation of the matrix on names of its own: ``run(**connection)`` runs the module,
    ``state()`` reads the database back, ``done(state)`` says whether the change is there
    exactly once, ``untouched(state)`` whether nothing was written."""

    def __init__(self, kind, api, unique):
        self.kind = kind
        self.api = api
        self.prefix = "fm-%s-%s" % (kind.replace(" ", "")[:6], unique)
        self.names = ["%s-%d" % (self.prefix, n) for n in range(3 if kind in ("bulk create", "massive action") else 1)]
        self.ids = []
        if kind in ("update", "massive action"):
            self.ids = [row["id"] for row in api.add("Computer", [{"name": name, "comment": "before"} for name in self.names])]

    def refuse_one(self):
        self.names[-1] += "-refused"

    def module(self):
        if self.kind == "ticket":
            return "glpi_ticket", {"name": self.names[0], "content": "fault matrix"}
        if self.kind == "massive action":
            return "glpi_massive_action", {"itemtype": "Computer", "action": "MassiveAction:update", "ids": self.ids,
                                           "field": "comment", "value": "after"}
        if self.kind == "update":
            return "glpi_item", {"itemtype": "Computer", "fields": {"name": self.names[0], "comment": "after"}}
        if self.kind == "bulk create":
            return "glpi_item", {"itemtype": "Computer", "items": [{"name": name} for name in self.names]}
        return "glpi_item", {"itemtype": "Computer", "fields": {"name": self.names[0]}}

    def run(self, check_mode=False, **connection):
        name, args = self.module()
        return run_module(name, dict(args, **connection), check_mode=check_mode)

    def state(self):
        """{name: [(id, comment), ...]} of the operation's objects in the database."""
        itemtype = ITEMTYPES[self.kind]
        rows = self.api.list_items(itemtype, search_text={"name": self.prefix})
        found = dict((name, []) for name in self.names)
        for row in rows:
            if row["name"] in found:
                found[row["name"]].append((row["id"], row.get("comment")))
        return found

    def done(self, state, names=None):
        names = self.names if names is None else names
        if self.kind in ("update", "massive action"):
            return all([comment for _id, comment in state[name]] == ["after"] for name in names)
        return all(len(state[name]) == 1 for name in names)

    def untouched(self, state):
        if self.kind in ("update", "massive action"):
            return all([comment for _id, comment in rows] == ["before"] for rows in state.values())
        return all(rows == [] for rows in state.values())


@pytest.fixture
def connection(emulator_only, tmp_path, monkeypatch):
    """Module options for the emulator (directly, not through the suite's counting proxy: half the
    time per request), with a session cache of the test's own (HOME is where the cache lives) and
    small retries. The modules run in this process: their retry backoff is cut to a tenth (what is
    checked is that they retry and say so, not how long they wait)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("ansible_collections.glpi.glpi.plugins.module_utils.client.BACKOFF_BASE", 0.05)
    server = emulator_only.upstream
    return {"url": server.base_url, "app_token": server.app_token, "user_token": server.user_token,
            "retries": 2, "timeout": 10}


@pytest.fixture
def api(emulator_only):
    client = emulator_only.upstream.api_client()
    yield client
    client.close()


@pytest.mark.parametrize("operation, fault, outcome", list(matrix()))
def test_fault_matrix(operation, fault, outcome, emulator_only, connection, api, unique):
    expected = OUTCOMES[outcome]
    op = Operation(operation, api, unique)
    if fault.startswith("GLPI refuses"):
        op.refuse_one()
    options = dict(connection)
    if fault == "answer slower than timeout":
        options["timeout"] = SLOW_TIMEOUT
    if fault == "Authorization header stripped":
        options["session_cache"] = False
    if fault == "cached session expired between tasks":
        assert not op.run(check_mode=True, **options)["failed"]  # a first task caches its session
        emulator_only.expire_sessions()
    emulator_only.reset_stats()
    emulator_only.faults(**fault_rules(fault, operation))
    try:
        result = op.run(**options)
        left = emulator_only._control("GET", "faults")  # pylint: disable=protected-access
    finally:
        emulator_only.clear_faults()
    stats = emulator_only.stats()
    rules_left = [rule for rule in left.values() if isinstance(rule, dict)]
    assert all(rule["count"] == 0 for rule in rules_left), "the fault was used: %r" % left
    state = op.state()
    detail = "result: %r\ndatabase: %r\nrequests: %r" % (result, state, stats["by_endpoint"])
    if expected == "ok":
        assert not result["failed"] and result["changed"] is True, detail
        assert op.done(state), detail
        if fault == "session expires before the write":
            assert stats["sessions"]["initSession"] == 2, detail
        if fault == "cached session expired between tasks":
            assert stats["sessions"]["initSession"] == 1, "the dead cached session replaced once: %s" % detail
        if fault.startswith(("HTTP", "connection dropped", "answer slower")):
            assert result["warnings"], "a retry or a recovery is reported: %s" % detail
    elif expected == "partial":
        assert result["failed"] is True and "refused by a plugin" in result["msg"], detail
        assert result["changed"] is True, detail
        assert op.done(state, op.names[:-1]) and state[op.names[-1]] == [], detail
        created = [entry for entry in result["results"] if entry["action"] == "create"]
        assert sorted(entry["id"] for entry in created) == sorted(state[name][0][0] for name in op.names[:-1]), detail
    else:
        assert result["failed"] is True and result["changed"] is False, detail
        if fault.startswith("HTTP "):
            assert fault.split()[1] in result["msg"], detail
        if outcome == FAILS_LOST:
            assert "answer was lost (" in result["msg"] and "not visible yet" in result["msg"], detail
        if fault.startswith("GLPI refuses"):
            assert "refused by a plugin" in result["msg"], detail
        assert op.untouched(state), detail
    if expected != "ok":
        again = op.run(**connection)
        assert not again["failed"] and again["changed"] is True, "a re-run without the fault converges: %r" % again
    final = op.run(**connection)
    assert not final["failed"] and final["changed"] is False, "then a re-run changes nothing: %r" % final
    assert op.done(op.state()), op.state()


# Role runs: the faults of each case, set by a task of the same playbook just before the role
# runs (one ansible-playbook for all the cases: each costs seconds).
ROLE_WRITE = {"count": 1, "methods": ["POST"], "path_regex": "^User$"}
ROLE_FAULTS = {
    "session expires before the user is created": {"expire_on": ROLE_WRITE},
    "nginx 502 after GLPI committed the user": {"fail_next": dict(ROLE_WRITE, status=502, after_apply=True)},
    "answer slower than timeout on the POST of the user": {"slow_next": dict(ROLE_WRITE, latency_ms=SLOW_MS, after_apply=True)},
    "connection dropped before GLPI committed the user": {"drop_next": dict(ROLE_WRITE, after_apply=False)},
    "connection dropped after GLPI committed the user": {"drop_next": dict(ROLE_WRITE, after_apply=True)},
}
ROLE_FAULTS.update(("HTTP %d on the POST of the user" % status, {"fail_next": dict(ROLE_WRITE, status=status)})
                   for status in (500, 502, 503, 504))
# A role whose user cannot be created fails; the include is guarded (block/rescue in a tasks file)
# so that the playbook goes on to the next case.
GUARDED_ROLE = [
    {"ansible.builtin.set_fact": {"fm_role_failed": False}},
    {"block": [{"ansible.builtin.include_role": {"name": "glpi.glpi.hr_onboarding"}}],
     "rescue": [{"ansible.builtin.set_fact": {"fm_role_failed": "{{ ansible_failed_result.msg | default('failed') }}"}}]},
]


def control_task(emulator, method, body=None):
    task = {"ansible.builtin.uri": {"url": emulator.upstream.server_url + "/_emulator/faults", "method": method,
                                    "body_format": "json", "body": body or {}, "return_content": True}}
    return task


ROLE_GROUPS = [sorted(ROLE_FAULTS)[start:start + 3] for start in range(0, len(ROLE_FAULTS), 3)]  # one playbook each


@pytest.mark.parametrize("cases", ROLE_GROUPS, ids=["-".join(fault.split()[0] for fault in group) for group in ROLE_GROUPS])
def test_role_run_under_faults(emulator_only, playbook, api, tmp_path, unique, cases):
    """hr_onboarding (one user, one computer per case) through one ansible-playbook: before each
    role run a task sets the case's fault, after it another reads the faults back (the fault was
    used) and clears them. A case either succeeds (the user exists once and owns its computer) or
    fails loudly (the role fails, reports the user failed and nothing changed, and no user was
    created); then a run of every case without faults creates what is missing, and a last run
    changes nothing."""
    expected = dict((case["case"].split(": ", 1)[1], case["outcome"]) for case in RELIABILITY_CASES
                    if case["test"] == "test_role_run_under_faults")
    people = []
    for index, fault in enumerate(cases):
        login, computer = "fm-role-%s-%d" % (unique, index), "fm-role-pc-%s-%d" % (unique, index)
        api.add("Computer", {"name": computer})
        people.append({"login": login, "assets": [{"itemtype": "Computer", "name": computer}]})
    guarded = tmp_path / "guarded_role.yml"
    guarded.write_text(json.dumps(GUARDED_ROLE))
    tasks = []
    for index, fault in enumerate(cases):
        timeout = SLOW_TIMEOUT if "slower than timeout" in fault else 10
        tasks.append(control_task(emulator_only, "POST", ROLE_FAULTS[fault]))
        tasks.append({"ansible.builtin.include_tasks": str(guarded),
                      "vars": {"hr_onboarding_users": [people[index]], "hr_onboarding_summary": False,
                               "hr_onboarding_connection": {"timeout": timeout}}})
        tasks.append({"ansible.builtin.debug": {"msg": {"result": "{{ hr_onboarding_result }}", "failed": "{{ fm_role_failed }}"}}})
        tasks.append(control_task(emulator_only, "GET"))
        tasks.append(control_task(emulator_only, "DELETE"))
    # Then every case again, without faults, in the same playbook: what failed is created, then nothing to change.
    for _again in range(2):
        tasks.append({"ansible.builtin.include_role": {"name": "glpi.glpi.hr_onboarding"},
                      "vars": {"hr_onboarding_users": people, "hr_onboarding_summary": False}})
        tasks.append({"ansible.builtin.debug": {"var": "hr_onboarding_result"}})
    env = {"HOME": str(tmp_path)}
    try:
        run = playbook.run(tasks, extra_env=env)
    finally:
        emulator_only.clear_faults()
    assert run.returncode == 0, run.output[-4000:]
    created_after = [person["login"] for person, fault in zip(people, cases) if expected[fault].startswith("the role fails")]
    for index, fault in enumerate(cases):
        report, left = run[5 * index + 2]["msg"], run[5 * index + 3]["json"]
        detail = "%s: %r\n%s" % (fault, report, run.output[-3000:])
        rules = [rule for rule in left.values() if isinstance(rule, dict)]
        assert rules and all(rule["count"] == 0 for rule in rules), "the fault was used: %r" % left
        statuses = [user["status"] for user in report["result"]["users"]]
        if people[index]["login"] in created_after:
            assert report["failed"] and report["result"]["failed"] and "error" in report["result"]["users"][0], detail
            assert statuses == ["failed"] and report["result"]["changed"] is False, detail
        else:
            assert report["failed"] is False and statuses == ["created"], detail
        users = api.list_items("User", search_text={"name": "^%s$" % people[index]["login"]})
        assert len(users) == 1, detail
        computer = people[index]["assets"][0]["name"]
        owners = [row["users_id"] for row in api.list_items("Computer", search_text={"name": "^%s$" % computer})]
        assert owners == [users[0]["id"]], detail
    converge, last = run[-3]["hr_onboarding_result"], run[-1]["hr_onboarding_result"]
    assert sorted(user["login"] for user in converge["users"] if user["status"] == "created") == sorted(created_after), converge
    assert last["changed"] is False, last


# Inventory runs: read-only, so a fault on the search is retried or fails the run; never a
# partial inventory. The plugin runs as ansible-inventory drives it, all cases in one process
# (inventory_runner.py).
INVENTORY_SEARCH = {"methods": ["GET"], "path_regex": "^search/Computer$"}
INVENTORY_FAULTS = {
    "HTTP 500 on the search": ({"fail_next": dict(INVENTORY_SEARCH, count=1, status=500)}, "fails"),
    "HTTP 502 on the search": ({"fail_next": dict(INVENTORY_SEARCH, count=1, status=502)}, "complete"),
    "HTTP 503 on the search": ({"fail_next": dict(INVENTORY_SEARCH, count=1, status=503)}, "complete"),
    "HTTP 504 on the search": ({"fail_next": dict(INVENTORY_SEARCH, count=1, status=504)}, "complete"),
    "HTTP 503 on every try of a search page": ({"fail_next": dict(INVENTORY_SEARCH, count=3, status=503)}, "fails"),
    "search answer slower than timeout": ({"slow_next": dict(INVENTORY_SEARCH, count=1, latency_ms=SLOW_MS)}, "complete"),
    "connection dropped on the search": ({"drop_next": dict(INVENTORY_SEARCH, count=1)}, "complete"),
    "session expires before the search": ({"expire_on": dict(INVENTORY_SEARCH, count=1)}, "complete"),
    "Authorization header stripped": ({"strip_authorization": True}, "complete"),
}


def test_inventory_run_under_faults(emulator_only, api, collections_path, tmp_path, unique):
    """Every inventory case, each with the fault of its own, in one process (inventory_runner.py):
    a fault that a retry or a new login gets over gives every host once; one that does not fails
    the run, naming the status, instead of giving a partial inventory."""
    names = ["fm-inv-%s-%d" % (unique, n) for n in range(3)]
    api.add("Computer", [{"name": name} for name in names])
    cases = sorted(INVENTORY_FAULTS)
    base = {"url": emulator_only.base_url, "app_token": emulator_only.app_token, "user_token": emulator_only.user_token,
            "itemtypes": ["Computer"], "fields": ["name"], "filters": {"name": "fm-inv-%s-" % unique}, "retries": 2}
    spec = [{"faults": INVENTORY_FAULTS[fault][0], "faults_url": emulator_only.upstream.server_url + "/_emulator/faults",
             "config": dict(base, timeout=SLOW_TIMEOUT if "slower" in fault else 10, session_cache="Authorization" not in fault)}
            for fault in cases]
    env = dict(os.environ, HOME=str(tmp_path), ANSIBLE_COLLECTIONS_PATH=collections_path)
    proc = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "inventory_runner.py"), collections_path,
                           str(tmp_path)], input=json.dumps(spec), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120, check=False)
    emulator_only.clear_faults()
    assert proc.returncode == 0, proc.stderr[-4000:]
    for fault, result in zip(cases, json.loads(proc.stdout)):
        left = [rule for rule in result["faults_left"].values() if isinstance(rule, dict)]
        assert all(rule["count"] == 0 for rule in left), "%s: the fault was used: %r" % (fault, result)
        if INVENTORY_FAULTS[fault][1] == "fails":
            assert "HTTP %s" % fault.split()[1] in result.get("error", ""), (fault, result)
        else:
            assert result.get("hosts") == names, "%s: every host, once: %r" % (fault, result)


def test_reliability_cases_name_every_role_and_inventory_fault():
    assert cases_of("test_role_run_under_faults") == sorted(ROLE_FAULTS)
    assert cases_of("test_inventory_run_under_faults") == sorted(INVENTORY_FAULTS)
