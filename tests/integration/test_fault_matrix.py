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
    {"area": "Faults", "case": "ticket: Authorization header stripped", "test": "test_fault_matrix",
     "outcome": "initSession retried with the tokens in the query string; succeeds"},
    {"area": "Faults", "case": "ticket: GLPI refuses the ticket", "test": "test_fault_matrix",
     "outcome": "fails with GLPI's message; nothing written"},
    {"area": "Faults", "case": "ticket: nginx 502 after GLPI committed", "test": "test_fault_matrix",
     "outcome": "answer lost: GLPI is read back, the object found and reported created (warning); exactly one object"},
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
    if fault == "Authorization header stripped":
        return {"strip_authorization": True}
    if fault.startswith("GLPI refuses"):
        return {"refuse_items": {"count": 1, "itemtype": ITEMTYPES[operation], "name_regex": "-refused$", "message": "refused by a plugin"}}
    raise AssertionError("no fault rule for %r" % fault)


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

    def run(self, **connection):
        name, args = self.module()
        return run_module(name, dict(args, **connection))

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
    """Module options for the suite's server (through the counting proxy), with a session cache
    of the test's own (HOME is where the cache lives) and small retries."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return {"url": emulator_only.base_url, "app_token": emulator_only.app_token, "user_token": emulator_only.user_token,
            "retries": 2, "timeout": 10}


@pytest.fixture
def api(emulator_only):
    client = emulator_only.api_client()
    yield client
    client.close()


@pytest.mark.parametrize("operation, fault, outcome", list(matrix()))
def test_fault_matrix(operation, fault, outcome, emulator_only, connection, api, counters, unique):
    expected = OUTCOMES[outcome]
    op = Operation(operation, api, unique)
    if fault.startswith("GLPI refuses"):
        op.refuse_one()
    options = dict(connection)
    if fault == "answer slower than timeout":
        options["timeout"] = SLOW_TIMEOUT
    if fault == "Authorization header stripped":
        options["session_cache"] = False
    counters.reset()
    emulator_only.faults(**fault_rules(fault, operation))
    try:
        result = op.run(**options)
    finally:
        emulator_only.clear_faults()
    stats = counters.read()
    state = op.state()
    detail = "result: %r\ndatabase: %r\nrequests: %r" % (result, state, stats["by_endpoint"])
    if expected == "ok":
        assert not result["failed"] and result["changed"] is True, detail
        assert op.done(state), detail
        if fault == "session expires before the write":
            assert stats["sessions"]["initSession"] == 2, detail
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
