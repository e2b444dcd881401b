"""narrow_read: a batch reads only what its match values name (issue 13)."""

from urllib.parse import urlencode

from ansible_collections.glpi.glpi.plugins.module_utils import narrow_read
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Match

OPTIONS = {
    "1": {"uid": "Computer.name", "field": "name", "datatype": "itemlink"},
    "2": {"uid": "Computer.id", "field": "id", "datatype": "number"},
    "5": {"uid": "Computer.serial", "field": "serial", "datatype": "string"},
    "3": {"uid": "Computer.Location.completename", "field": "completename", "datatype": "dropdown"},
    "common": "Characteristics",
}


class Answer:
    def __init__(self, body):
        self.body = body


class FakeClient:
    def __init__(self, rows):
        self.rows = rows
        self.searches = []
        self.reads = []

    def list_search_options(self, itemtype):
        return OPTIONS

    def search(self, itemtype, params):
        self.searches.append(params)
        wanted = [crit["value"].strip("^$").lower() for crit in params["criteria"]]
        trash = params["is_deleted"] == 1
        return [{"2": row["id"]} for row in self.rows
                if bool(row["is_deleted"]) == trash and any(value in row["name"].lower() for value in wanted)]

    def request(self, method, path, params=None, expected=None):
        assert (method, path) == ("GET", "getMultipleItems")
        assert len(urlencode(flatten_params(params))) <= narrow_read.URL_BUDGET + 200
        ids = [item["items_id"] for item in params["items"]]
        self.reads.append(ids)
        return Answer([row for row in self.rows if row["id"] in ids])


def row(ident, name, deleted=0):
    return {"id": ident, "name": name, "is_deleted": deleted}


def test_reads_only_the_names_active_then_trash_for_the_missing():
    client = FakeClient([row(1, "pc-a"), row(2, "PC-B"), row(3, "pc-c", 1), row(4, "other")])
    matches = [Match(["name"], {"name": name}) for name in ("pc-a", "pc-b", "pc-c")]
    rows, by_id = narrow_read.narrowed_rows(client, "Computer", matches)
    assert sorted(r["id"] for r in rows) == [1, 2, 3] and by_id == set([1, 2, 3])
    active, trash = client.searches
    assert [c.get("link") for c in active["criteria"]] == [None, "OR", "OR"]
    assert [c["value"] for c in trash["criteria"]] == ["^pc-b$", "^pc-c$"]  # pc-b: case differs, not accepted
    assert active["forcedisplay"] == [2] and trash["is_deleted"] == 1


def test_long_batches_are_cut_under_the_url_budget():
    client = FakeClient([row(n, "computer-with-a-long-name-%04d" % n) for n in range(300)])
    matches = [Match(["name"], {"name": "computer-with-a-long-name-%04d" % n}) for n in range(300)]
    rows = narrow_read.narrowed_rows(client, "Computer", matches)[0]
    assert len(rows) == 300 and len(client.searches) > 1 and len(client.reads) > 1
    for params in client.searches:
        assert len(urlencode(flatten_params(params))) <= narrow_read.URL_BUDGET + 200
        assert "link" not in params["criteria"][0]


def test_no_searchable_key_means_no_narrowing():
    client = FakeClient([])
    assert narrow_read.narrowed_rows(client, "Computer", [Match(["locations_id"], {"locations_id": "Paris"})]) is None
    assert narrow_read.narrowed_rows(client, "Computer", [Match(["name"], {"name": "&&"})]) is None
    assert client.searches == []


def test_the_first_searchable_key_narrows():
    client = FakeClient([])
    narrow_read.narrowed_rows(client, "Computer", [Match(["locations_id", "serial"], {"locations_id": 3, "serial": "SN 1"})])
    assert client.searches[0]["criteria"] == [{"field": 5, "searchtype": "contains", "value": "^SN 1$"}]
