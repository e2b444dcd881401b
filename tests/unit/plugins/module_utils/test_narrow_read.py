"""narrow_read: a batch reads only what its match values name (issue 13)."""

from urllib.parse import urlencode

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import narrow_read, resource
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiRequestError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Finder, Match
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields, SearchOptionsCache

OPTIONS = {
    "1": {"uid": "Computer.name", "table": "glpi_computers", "field": "name", "datatype": "itemlink"},
    "2": {"uid": "Computer.id", "table": "glpi_computers", "field": "id", "datatype": "number"},
    "5": {"uid": "Computer.serial", "table": "glpi_computers", "field": "serial", "datatype": "string"},
    "3": {"uid": "Computer.Location.completename", "table": "glpi_locations", "field": "completename", "datatype": "dropdown"},
    "common": "Characteristics",
}
# The same columns under other ids (another version, a plugin): a cached copy of OPTIONS is stale.
MOVED = {
    "1": {"uid": "Computer.name", "table": "glpi_computers", "field": "name", "datatype": "itemlink"},
    "2": {"uid": "Computer.id", "table": "glpi_computers", "field": "id", "datatype": "number"},
    "5": {"uid": "Computer.otherserial", "table": "glpi_computers", "field": "otherserial", "datatype": "string"},
    "6": {"uid": "Computer.serial", "table": "glpi_computers", "field": "serial", "datatype": "string"},
}


class Answer:
    def __init__(self, body):
        self.body = body


class FakeClient:
    """GLPI's search as far as narrow_read uses it: rows keyed by uid, every criterion's column shown."""

    def __init__(self, rows, options=None):
        self.rows = rows
        self.options = options or OPTIONS
        self.searches = []
        self.reads = []
        self.option_reads = 0

    def list_search_options(self, itemtype):
        self.option_reads += 1
        return self.options

    def search(self, itemtype, params):
        self.searches.append(params)
        assert params["uid_cols"] == 1
        shown = [str(crit["field"]) for crit in params["criteria"]] + [str(oid) for oid in params["forcedisplay"]]
        if any(oid not in self.options for oid in shown):
            raise GlpiRequestError("Bad field ID in search criteria", status=400, code="ERROR")
        trash = params["is_deleted"] == 1
        return [dict((self.options[oid]["uid"], row.get(self.options[oid]["field"])) for oid in shown)
                for row in self.rows if bool(row["is_deleted"]) == trash and self._wanted(row, params["criteria"])]

    def _wanted(self, row, criteria):
        for crit in criteria:
            column = self.options[str(crit["field"])]["field"]
            if crit["value"].strip("^$").lower() in str(row.get(column, "")).lower():
                return True
        return False

    def request(self, method, path, params=None, expected=None):
        assert (method, path) == ("GET", "getMultipleItems")
        assert len(urlencode(flatten_params(params))) <= narrow_read.URL_BUDGET + 200
        ids = [item["items_id"] for item in params["items"]]
        self.reads.append(ids)
        return Answer([row for row in self.rows if row["id"] in ids])


def row(ident, name, deleted=0, **more):
    return dict(more, id=ident, name=name, is_deleted=deleted)


def fields_of(client, directory=False):
    """SearchFields with no disk cache, or one in ``directory``."""
    return SearchFields(client, cache=SearchOptionsCache(directory=directory))


def narrowed(client, matches, directory=False):
    return narrow_read.narrowed_rows(client, "Computer", matches, fields_of(client, directory))


def test_reads_only_the_names_active_then_trash_for_the_missing():
    client = FakeClient([row(1, "pc-a"), row(2, "PC-B"), row(3, "pc-c", 1), row(4, "other")])
    matches = [Match(["name"], {"name": name}) for name in ("pc-a", "pc-b", "pc-c")]
    rows, by_id = narrowed(client, matches)
    assert sorted(r["id"] for r in rows) == [1, 2, 3] and by_id == set([1, 2, 3])
    active, trash = client.searches
    assert [c.get("link") for c in active["criteria"]] == [None, "OR", "OR"]
    assert [c["value"] for c in trash["criteria"]] == ["^pc-b$", "^pc-c$"]  # pc-b: case differs, not accepted
    assert active["forcedisplay"] == [2] and trash["is_deleted"] == 1


def test_long_batches_are_cut_under_the_url_budget():
    client = FakeClient([row(n, "computer-with-a-long-name-%04d" % n) for n in range(300)])
    matches = [Match(["name"], {"name": "computer-with-a-long-name-%04d" % n}) for n in range(300)]
    rows = narrowed(client, matches)[0]
    assert len(rows) == 300 and len(client.searches) > 1 and len(client.reads) > 1
    for params in client.searches:
        assert len(urlencode(flatten_params(params))) <= narrow_read.URL_BUDGET + 200
        assert "link" not in params["criteria"][0]


def test_no_searchable_key_means_no_narrowing():
    client = FakeClient([])
    assert narrowed(client, [Match(["locations_id"], {"locations_id": "Paris"})]) is None
    assert narrowed(client, [Match(["name"], {"name": "&&"})]) is None
    assert client.searches == []


def test_the_first_searchable_key_narrows():
    client = FakeClient([])
    narrowed(client, [Match(["locations_id", "serial"], {"locations_id": 3, "serial": "SN 1"})])
    assert client.searches[0]["criteria"] == [{"field": 5, "searchtype": "contains", "value": "^SN 1$"}]


NAMES = [Match(["name"], {"name": name}) for name in ("pc-a", "pc-b")]


def test_cached_options_confirmed_by_the_rows_cost_no_request(tmp_path):
    client = FakeClient([row(1, "pc-a"), row(2, "pc-b")])
    narrowed(client, NAMES, tmp_path)
    client.searches, client.reads = [], []
    rows, by_id = narrowed(client, NAMES, tmp_path)
    assert by_id == set([1, 2]) and client.option_reads == 1
    assert len(client.searches) == 1 and len(client.reads) == 1   # a re-run: 2 reads


@pytest.mark.parametrize("key, value", [("serial", "SN-1"), ("name", "pc-a")])
def test_stale_cached_options_are_read_again_and_the_search_redone(tmp_path, key, value):
    """A copy cached from a server whose option 5 was serial; the server now shows serial as 6."""
    narrowed(FakeClient([]), [Match(["serial"], {"serial": "x"})], tmp_path)   # caches OPTIONS
    client = FakeClient([row(1, "pc-a", serial="SN-1", otherserial="SN-1-other")], options=MOVED)
    rows, by_id = narrowed(client, [Match([key], {key: value})], tmp_path)
    assert by_id == set([1]) and client.option_reads == (1 if key == "serial" else 0)
    assert client.searches[-1]["criteria"][0]["field"] == (6 if key == "serial" else 1)


def test_an_option_gone_since_it_was_cached_is_read_again(tmp_path):
    narrowed(FakeClient([]), [Match(["serial"], {"serial": "x"})], tmp_path)
    gone = dict((oid, option) for oid, option in MOVED.items() if oid != "5")
    client = FakeClient([row(1, "pc-a", serial="SN-1")], options=gone)
    assert narrowed(client, [Match(["serial"], {"serial": "SN-1"})], tmp_path)[1] == set([1])
    assert client.option_reads == 1


def test_nothing_found_with_cached_options_checks_them_before_the_trash(tmp_path):
    narrowed(FakeClient([]), NAMES, tmp_path)
    client = FakeClient([row(3, "pc-a", 1)])
    rows, by_id = narrowed(client, NAMES, tmp_path)
    assert by_id == set([3]) and client.option_reads == 1   # unconfirmed: read once, unchanged
    assert [params["is_deleted"] for params in client.searches] == [0, 1]


class CountingAnswer(Answer):
    def __init__(self, body, total):
        Answer.__init__(self, body)
        self.content_range = (0, 0, total) if total else None


class TableClient(FakeClient):
    """FakeClient with GET Itemtype: one-row counts and full listings."""

    def __init__(self, rows, options=None):
        FakeClient.__init__(self, rows, options)
        self.counts, self.listings = [], []

    def request(self, method, path, params=None, expected=None):
        if path != "Computer":
            return FakeClient.request(self, method, path, params, expected)
        trash = bool(params.get("is_deleted"))
        self.counts.append(trash)
        found = [r for r in self.rows if bool(r["is_deleted"]) == trash]
        return CountingAnswer(found[:1], len(found))

    def list_items(self, itemtype, is_deleted=None, page_size=None, **kwargs):
        self.listings.append((bool(is_deleted), page_size))
        return [r for r in self.rows if bool(r["is_deleted"]) == bool(is_deleted)]


@pytest.mark.parametrize("batch, table, listed", [
    (20, 5000, False),     # 2 narrowed reads: never counts
    (1000, 1500, True),    # ~30 narrowed reads against 2 pages and 1 of trash
    (200, 9000, False),    # 7 narrowed reads against 9 pages and 1 of trash
])
def test_a_large_batch_lists_a_table_that_takes_fewer_requests(monkeypatch, batch, table, listed):
    rows = [row(n, "pc-%05d" % n) for n in range(table)] + [row(table + 1, "gone", 1)]
    client = TableClient(rows)
    monkeypatch.setattr(resource, "narrowed_rows", lambda c, i, m, listing_cheaper: narrow_read.narrowed_rows(
        c, i, m, fields_of(c), listing_cheaper=listing_cheaper))
    finder = Finder(client, "Computer")
    found = finder.narrow([Match(["name"], {"name": "pc-%05d" % n}) for n in range(batch)])
    assert bool(client.listings) == listed
    assert client.counts == ([] if batch == 20 else [False, True])
    if listed:
        assert len(found) == table + 1 and client.searches == [] and client.listings == [(False, 1000), (True, 1000)]
        assert client.option_reads == 0, "a listing needs no search options"
    else:
        assert len(found) == batch and client.searches
    assert finder.one(Match(["name"], {"name": "pc-00007"}))[0]["id"] == 7
