"""Searches by field name (search_query.py): GLPI params, validation before any search, records."""

import json
import os
from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields, SearchOptionsCache
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SCHEMA = os.path.join(REPO, "tests", "emulator", "glpi_emulator", "schema")
TRANSCRIPT = os.path.join(REPO, "tests", "fidelity", "transcripts", "search.json")


def dump(itemtype):
    with open(os.path.join(SCHEMA, "%s.json" % itemtype)) as handle:
        return json.load(handle)["search_options"]


@pytest.fixture
def client():
    fake = mock.create_autospec(GlpiClient, instance=True)
    fake.base_url = "https://glpi.example.com/apirest.php"
    fake.list_search_options.side_effect = dump

    def list_items(itemtype, search_text=None, **kwargs):
        return {"Location": [{"id": 7, "name": "Paris", "completename": "Paris"},
                             {"id": 8, "name": "Floor 2", "completename": "Paris > Floor 2"}],
                "Manufacturer": [{"id": 3, "name": "Dell"}]}.get(itemtype, [])
    fake.list_items.side_effect = list_items
    return fake


@pytest.fixture
def fields(client):
    return SearchFields(client, cache=SearchOptionsCache(False))


def test_criteria_display_sort_become_glpi_params(fields):
    query = SearchQuery(fields, "Computer",
                        criteria=[{"field": "name", "value": "^web"},
                                  {"link": "or", "field": "Infocom.buy_date", "searchtype": "lessthan", "value": "2022-01-01"}],
                        display=["serial", "locations_id", "5"], sort="date_mod", order="desc", is_deleted=True)
    assert query.params == {
        "uid_cols": True,
        "criteria": [{"field": 1, "searchtype": "contains", "value": "^web"},
                     {"link": "OR", "field": 37, "searchtype": "lessthan", "value": "2022-01-01"}],
        "forcedisplay": [2, 5, 3], "sort": 19, "order": "DESC", "is_deleted": True}
    pairs = dict(flatten_params(query.params))
    assert pairs["criteria[1][link]"] == "OR" and pairs["forcedisplay[2]"] == "3" and pairs["uid_cols"] == "true"


def test_nested_groups_and_meta_criteria(fields):
    query = SearchQuery(fields, "Computer", criteria=[
        {"field": "serial", "value": "X"},
        {"link": "AND NOT", "criteria": [{"field": "name", "value": "a"}, {"link": "OR", "field": "name", "value": "b"}]},
        {"itemtype": "NetworkPort", "field": "mac", "value": "00:50"},
    ], metacriteria=[{"itemtype": "NetworkPort", "field": "name", "value": "eth0"}])
    assert query.params["criteria"] == [
        {"field": 5, "searchtype": "contains", "value": "X"},
        {"link": "AND NOT", "criteria": [{"link": "AND", "field": 1, "searchtype": "contains", "value": "a"},
                                         {"link": "OR", "field": 1, "searchtype": "contains", "value": "b"}]},
        {"link": "AND", "field": 4, "searchtype": "contains", "value": "00:50", "meta": 1, "itemtype": "NetworkPort"},
    ]
    assert query.params["metacriteria"] == [
        {"link": "AND", "field": 1, "searchtype": "contains", "value": "eth0", "itemtype": "NetworkPort"}]


def test_dropdown_names_are_resolved_for_by_id_searchtypes(fields, client):
    query = SearchQuery(fields, "Computer", criteria=[
        {"field": "locations_id", "searchtype": "under", "value": "Paris > Floor 2"},
        {"field": "manufacturers_id", "searchtype": "equals", "value": "Dell"},
        {"field": "manufacturers_id", "searchtype": "contains", "value": "Del"},
        {"field": "manufacturers_id", "searchtype": "equals", "value": 4},
    ])
    assert [c["value"] for c in query.params["criteria"]] == [8, 3, "Del", 4]


@pytest.mark.parametrize("criteria, needle", [
    ([{"field": "serail", "value": "x"}], "closest valid names: serial"),
    ([{"field": "serial", "searchtype": "under", "value": "x"}], "available: contains, notcontains"),
    ([{"field": "name", "searchtype": "equals", "value": "web-01"}], "'^web-01$'"),
    ([{"field": "name", "value": "x", "link": "XOR"}], "link 'XOR'"),
    ([{"field": "name"}], "value is required"),
    ([{"value": "x"}], "field is required"),
    ([{"field": "name", "value": "x", "colour": "red"}], "unknown keys colour"),
    ([{"link": "OR", "criteria": []}], "empty group"),
    ([{"field": "template_name", "value": "x"}], "nosearch"),
    ([{"field": "name", "value": {"a": 1}}], "string or a number"),
    ([{"itemtype": "NetworkPort", "field": "nosuch", "value": "x"}], "NetworkPort has no search field 'nosuch'"),
    ("name", "must be a list"),
])
def test_bad_criteria_fail_before_any_search(fields, client, criteria, needle):
    with pytest.raises(GlpiInputError) as err:
        SearchQuery(fields, "Computer", criteria=criteria)
    assert needle in str(err.value)
    assert not client.search.called


def test_display_refusals(fields):
    with pytest.raises(GlpiInputError, match="display\\[0\\]: .*nodisplay"):
        SearchQuery(fields, "Computer", display=["template_name"])
    with pytest.raises(GlpiInputError, match="share GLPI's uid"):
        SearchQuery(fields, "Computer", display=["1429", "1430"])
    with pytest.raises(GlpiInputError, match="order"):
        SearchQuery(fields, "Computer", order="UP")


def test_metacriteria_need_an_itemtype(fields):
    with pytest.raises(GlpiInputError, match="needs itemtype"):
        SearchQuery(fields, "Computer", metacriteria=[{"field": "name", "value": "x"}])


def test_records_use_the_callers_names(fields, client):
    query = SearchQuery(fields, "Computer", criteria=[{"field": "Computer.serial", "value": "S"}],
                        display=["Location.completename", "23"])
    client.search.return_value = [{"Computer.name": "web-01", "Computer.Entity.completename": "Root entity",
                                   "Computer.id": "7", "Computer.Location.completename": "Paris",
                                   "Computer.Manufacturer.name": "Dell", "Computer.serial": "S1",
                                   "NetworkPort.name": []}]
    assert query.run(client, max_rows=10) == [{
        "name": "web-01", "entities_id": "Root entity", "id": 7, "Location.completename": "Paris",
        "manufacturers_id": "Dell", "Computer.serial": "S1", "NetworkPort.name": []}]
    client.search.assert_called_once_with("Computer", query.params, max_rows=10, page_size=None)
    assert query.columns()["Location.completename"] == {"id": 3, "uid": "Computer.Location.completename", "label": "Location"}


def test_records_of_the_recorded_uid_cols_answer(fields, client):
    with open(TRANSCRIPT) as handle:
        steps = json.load(handle)["steps"]
    body = [s for s in steps if (s["request"].get("query") or {}).get("uid_cols")][0]["response"]["body"]
    client.search.return_value = body["data"]
    records = SearchQuery(fields, "Computer", criteria=[{"field": "name", "value": "ws"}]).run(client)
    assert records[0] == {"name": "ws-01", "entities_id": "Root entity", "id": 1}


def test_a_criterion_missing_from_a_stale_cached_copy_uses_the_fresh_options(client, tmp_path):
    # A Self-Service run (or a GLPI before a plugin install) can leave a reduced copy on disk.
    cache = SearchOptionsCache(str(tmp_path))
    cache.store(client.base_url, "Computer", {"1": {"uid": "Computer.name", "table": "glpi_computers", "field": "name"},
                                              "2": {"uid": "Computer.id", "table": "glpi_computers", "field": "id"}})
    query = SearchQuery(SearchFields(client, cache=cache), "Computer", criteria=[{"field": "serial", "value": "X"}])
    assert query.params["criteria"] == [{"field": 5, "searchtype": "contains", "value": "X"}]
    assert client.list_search_options.call_count == 1
