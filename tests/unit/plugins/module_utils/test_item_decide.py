"""The one decision code of glpi_item (ensure.decide over resource.changed_fields), shared by the
legacy API and GLPI 11's v2 API, and the v2 writer around it (hlapi_write.py) over a fake client:
the cases where the two APIs used to decide differently, the batch read with RSQL =in=, the
parallel writes and the report of a failure part way."""

import threading
import time

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import hlapi_write
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Task, decide
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiBatchError, GlpiInputError, GlpiRequestError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas

ROW = {"id": 7, "name": "web-01", "comment": None, "ticket_tco": "1234.5000", "is_deleted": 0, "locations_id": 0}


@pytest.mark.parametrize("current, wanted, expected", [
    # v2 compared str(current) == str(wanted): "1234.5000" against 1234.5 was a change.
    (ROW, {"ticket_tco": 1234.5}, ("unchanged", {})),
    # v1 took NULL and "" apart, v2 not: GLPI's update takes them for the same value (it never turns
    # one into the other), so a task asking for "" on a NULL column changed it on every run over v1.
    (ROW, {"comment": ""}, ("unchanged", {})),
    (dict(ROW, comment=""), {"comment": None}, ("unchanged", {})),
    (ROW, {"comment": "x"}, ("update", {"comment": "x"})),
    (dict(ROW, comment="x"), {"comment": ""}, ("update", {"comment": ""})),
    (ROW, {"name": "web-01", "is_deleted": False}, ("unchanged", {})),
    (ROW, {"comment": "a &#38; b"}, ("update", {"comment": "a &#38; b"})),
    (dict(ROW, comment="a &#38; b"), {"comment": "a & b"}, ("unchanged", {})),
    (None, {"name": "new"}, ("create", {"name": "new"})),
    (dict(ROW, is_deleted=1), {"name": "web-01"}, ("restore", {})),
])
def test_present_compares_after_normalising(current, wanted, expected):
    assert decide("present", current, wanted) == expected


@pytest.mark.parametrize("state, current, action", [
    ("absent", ROW, "trash"),
    # v2 trashed an itemtype that has no trash (no is_deleted); v1 purges it: now both purge.
    ("absent", {"id": 3, "name": "Paris"}, "purge"),
    ("absent", dict(ROW, is_deleted=1), "unchanged"),
    ("absent", None, "unchanged"),
    ("purged", dict(ROW, is_deleted=1), "purge"),
    ("purged", None, "unchanged"),
    ("restored", dict(ROW, is_deleted=1), "restore"),
    ("restored", ROW, "unchanged"),
])
def test_other_states(state, current, action):
    assert decide(state, current, {"name": "web-01"}, "Computer", "name='web-01'")[0] == action


def test_restored_without_match_fails_naming_the_task():
    with pytest.raises(GlpiInputError, match="no Computer in the trash matches name='x'"):
        decide("restored", None, {"name": "x"}, "Computer", "name='x'")


def test_write_only_fields_are_never_a_change():
    assert decide("present", {"id": 1, "name": "u"}, {"name": "u", "password": "s3cret"}) == ("unchanged", {})


# -- the v2 writer over a fake client ---------------------------------------------------------------

DOC = {
    "Computer": {"endpoint": "Assets/Computer", "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "comment": {"type": "string"},
        "is_deleted": {"type": "boolean"}, "location": {"type": "object", "itemtype": "Location"}}},
    "Location": {"endpoint": "Dropdowns/Location", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
}


class Cache:
    def load(self, *args):
        return DOC

    def store(self, *args):
        pass


class Answer:
    def __init__(self, body):
        self.body = body


class FakeClient:
    """Computers in memory; POST of a name in ``refuse`` fails; counts requests and the most in flight."""

    root = "http://glpi.invalid"
    base_url = root + "/api.php"

    def __init__(self, rows=(), refuse=()):
        self.rows = [dict(row) for row in rows]
        self.refuse = set(refuse)
        self.calls, self.in_flight, self.most = [], 0, 0
        self.lock = threading.Lock()
        self.log = type("Log", (), {"debug": staticmethod(lambda message: None)})()

    def list(self, path, rsql=None, **kwargs):
        self.calls.append(("LIST", path, rsql))
        names = rsql.split("=in=(")[1][:-1].replace('"', "").split(",") if "=in=" in rsql else [rsql.split("==")[1]]
        return [row for row in self.rows if row["name"].lower() in [name.lower() for name in names]]

    def get(self, path):
        return next((row for row in self.rows if row["id"] == int(path.rsplit("/", 1)[1])), None)

    def request(self, method, path, json_body=None, **kwargs):
        with self.lock:
            self.calls.append((method, path, None))
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        time.sleep(0.01)
        with self.lock:
            self.in_flight -= 1
        if method == "POST" and json_body["name"] in self.refuse:
            raise GlpiRequestError("GLPI refused the request", method="POST", path=path, status=400)
        if method == "POST":
            with self.lock:
                self.rows.append(dict(json_body, id=100 + len(self.rows), is_deleted=False))
                return Answer({"id": self.rows[-1]["id"]})
        return Answer({})


class Module:
    check_mode = False
    diff_mode_wanted = False

    def __init__(self, params):
        self.params = dict({"expected_sha1": None, "create_missing_dropdowns": False, "allow_dynamic_changes": False,
                            "items": None}, **params)

    def warn(self, message):
        pass


@pytest.fixture(autouse=True)
def fake_schemas(monkeypatch, tmp_path):
    monkeypatch.setattr(hlapi_write, "HlSchemas", lambda client: HlSchemas(client, cache=Cache()))
    monkeypatch.setenv("HOME", str(tmp_path))  # the write lock's directory


def run_items(client, elements, state="present"):
    tasks = [Task(index, element, ["name"], state) for index, element in enumerate(elements)]
    return hlapi_write.run_item_v2(Module({"itemtype": "Computer", "items": elements, "state": state}), client, tasks)


def test_batch_reads_with_one_in_listing_and_writes_in_parallel():
    client = FakeClient(rows=[{"id": 1, "name": "a", "comment": "x", "is_deleted": False}])
    result = run_items(client, [{"name": "a", "comment": "x"}, {"name": "A"}] + [{"name": "n%02d" % i} for i in range(30)])
    assert result["summary"] == {"unchanged": 1, "create": 31}
    assert [call for call in client.calls if call[0] == "LIST"] == [
        ("LIST", "Assets/Computer", 'name=in=("A","a",%s)' % ",".join('"n%02d"' % i for i in range(30)))]
    assert 1 < client.most <= hlapi_write.WORKERS
    assert result["results"][1] == {"index": 1, "id": result["results"][1]["id"], "action": "create", "changed": True,
                                    "changed_fields": ["name"], "error": None}


def test_values_rsql_lists_cannot_carry_are_read_one_by_one():
    client = FakeClient()
    run_items(client, [{"name": "a"}, {"name": "b (old)"}])
    assert [call[2] for call in client.calls if call[0] == "LIST"] == ['name=="b (old)"', 'name=in=("a")']


def test_in_lists_are_cut_to_stay_short():
    client = FakeClient()
    run_items(client, [{"name": "n%04d-%s" % (i, "x" * 40)} for i in range(200)])
    lists = [call[2] for call in client.calls if call[0] == "LIST"]
    assert len(lists) == 4 and all(len(rsql) < hlapi_write.IN_LIST_CHARS + 20 for rsql in lists)


def test_a_failure_part_way_says_what_was_done_and_what_was_not():
    client = FakeClient(refuse=["b"])
    with pytest.raises(GlpiBatchError) as caught:
        run_items(client, [{"name": "a"}, {"name": "b"}, {"name": "c"}])
    error = caught.value
    assert "1 of 3 Computer objects failed: #1: GLPI refused the request" in str(error)
    assert error.result["summary"] == {"create": 2, "failed": 1}
    assert [r["action"] for r in error.result["results"]] == ["create", "failed", "create"]
    assert error.written == ["#0 create id %s" % error.result["results"][0]["id"],
                             "#2 create id %s" % error.result["results"][2]["id"]]


def test_parallel_keeps_order_and_errors_per_item():
    def work(number):
        if number == 3:
            raise GlpiRequestError("no", status=400)
        return number * 2
    outcomes = hlapi_write.parallel(work, list(range(6)), workers=3)
    assert [outcome[0] for outcome in outcomes] == [0, 2, 4, None, 8, 10]
    assert [outcome[1] is not None for outcome in outcomes] == [False, False, False, True, False, False]
