"""Search values with & < > (search_escape.py, text_match.py) and date values of criteria
(search_dates.py): what GLPI is sent, what the client compares, what is refused."""

import json
import os
from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse, GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.item_reader import ItemReader
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields, SearchOptionsCache
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
from ansible_collections.glpi.glpi.plugins.module_utils.text_match import TextPattern, split_search_text

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SCHEMA = os.path.join(REPO, "tests", "emulator", "glpi_emulator", "schema")

RELIABILITY_CASES = [
    {"area": "Search escaping", "case": "glpi_search: contains 'R&D <lab>' at the top level (AND)",
     "outcome": "GLPI is asked for 'lab', every page read, rows compared on the plain text, max_rows after the comparison",
     "test": "test_top_level_value_is_narrowed_and_compared_on_the_client"},
    {"area": "Search escaping", "case": "glpi_search: notcontains / AND NOT with & < >",
     "outcome": "criterion left out of GLPI's search, its column forced, rows without the text kept",
     "test": "test_negated_value_is_compared_on_the_client_only"},
    {"area": "Search escaping", "case": "glpi_search: & < > inside an OR group",
     "outcome": "GLPI 10.0: fails naming criteria[1] and the reason; GLPI 11.0: sent as is",
     "test": "test_value_glpi_must_match_is_refused_on_10_only"},
    {"area": "Search escaping", "case": "glpi_item_info / lookup: filters with & < >",
     "outcome": "searchText on the longest safe part, rows compared on the plain text",
     "test": "test_item_reader_filters_with_special_characters"},
    {"area": "Dates in criteria", "case": "criteria: ISO 8601, relative forms, YYYY-MM-DD[ HH:MM[:SS]]",
     "outcome": "sent as GLPI reads them (T dropped, offset converted to the server's time, relative forms upper-cased)",
     "test": "test_accepted_date_values"},
    {"area": "Dates in criteria", "case": "criteria: yesterday, +1DAY, 2026-02-30, a time on a date with equals",
     "outcome": "fails naming criteria[0], the field and the value, before any search",
     "test": "test_refused_date_values"},
]


def dump(itemtype):
    with open(os.path.join(SCHEMA, "%s.json" % itemtype)) as handle:
        return json.load(handle)["search_options"]


ROWS = [{"Computer.id": 1, "Computer.name": "R&#38;D &#60;lab&#62; \"x\" ss-1"},
        {"Computer.id": 2, "Computer.name": "ss-lab"},
        {"Computer.id": 3, "Computer.name": "r&d <LAB> 2"}]


@pytest.fixture
def client():
    fake = mock.create_autospec(GlpiClient, instance=True)
    fake.base_url = "https://glpi.example.com/apirest.php"
    fake.list_search_options.side_effect = dump
    fake.search.return_value = [dict(row) for row in ROWS]
    fake.version = "10.0.12"

    def request(method, path, **kwargs):
        if path == "getGlpiConfig":
            return ApiResponse(200, {}, {"cfg_glpi": {"version": fake.version}})
        if path == "getFullSession":   # the server is two hours ahead of UTC
            return ApiResponse(200, {"Date": "Fri, 04 Dec 2026 21:52:17 GMT"},
                               {"session": {"glpi_currenttime": "2026-12-04 23:52:19"}})
        raise AssertionError(path)
    fake.request.side_effect = request
    return fake


@pytest.fixture
def fields(client):
    return SearchFields(client, cache=SearchOptionsCache(False))


def test_top_level_value_is_narrowed_and_compared_on_the_client(fields, client):
    query = SearchQuery(fields, "Computer", criteria=[{"field": "name", "value": "R&D <lab>"}])
    assert query.params["criteria"] == [{"field": 1, "searchtype": "contains", "value": "lab"}]
    assert [r["id"] for r in query.run(client)] == [1, 3]
    assert client.search.call_args.kwargs.get("max_rows") is None, "every page before comparing"
    assert [r["id"] for r in query.run(client, max_rows=1)] == [1]
    client.request.assert_not_called()


def test_negated_value_is_compared_on_the_client_only(fields, client):
    for criteria in ([{"field": "serial", "value": "S"}, {"field": "name", "searchtype": "notcontains", "value": "<lab>"}],
                     [{"field": "serial", "value": "S"}, {"link": "AND NOT", "field": "name", "value": "<LAB>"}]):
        query = SearchQuery(fields, "Computer", criteria=criteria)
        assert query.params["criteria"] == [{"field": 5, "searchtype": "contains", "value": "S"}]
        assert 1 in query.params["forcedisplay"]
        assert [r["id"] for r in query.run(client)] == [2]


def test_no_searchable_part_reads_every_row(fields, client):
    query = SearchQuery(fields, "Computer", criteria=[{"field": "name", "value": "^<>$"}])
    assert "criteria" not in query.params
    assert query.run(client) == []


@pytest.mark.parametrize("version, refused", [("10.0.12", True), ("11.0.6", False)])
def test_value_glpi_must_match_is_refused_on_10_only(fields, client, version, refused):
    client.version = version
    criteria = [{"field": "serial", "value": "S"}, {"link": "OR", "field": "name", "value": "R&D"}]
    if refused:
        with pytest.raises(GlpiInputError) as err:
            SearchQuery(fields, "Computer", criteria=criteria)
        assert "criteria[1]" in str(err.value) and "GLPI 10.0.12" in str(err.value) and "joined with OR" in str(err.value)
    else:
        query = SearchQuery(fields, "Computer", criteria=criteria)
        assert query.params["criteria"][1]["value"] == "R&D" and not query.row_filter
    with pytest.raises(GlpiInputError) if refused else _nothing():
        SearchQuery(fields, "Computer", criteria=[{"criteria": [{"field": "name", "value": "a<b"}]}])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_text_pattern_follows_glpi_contains():
    assert TextPattern("^R&D").matches("r&#38;d x") and not TextPattern("^R&D").matches("x R&D")
    assert TextPattern("<b>$").matches("a <B>") and TextPattern(" ^ é&e $ ").matches("E&E")
    assert not TextPattern("a&b").matches(None) and TextPattern("a&b").server == "a"
    assert TextPattern("<>").server is None
    assert split_search_text({"name": "R&D lab", "serial": "^x"})[0] == {"name": "D lab", "serial": "^x"}


def test_item_reader_filters_with_special_characters(client):
    client.list_items.return_value = [{"id": 1, "name": "R&#38;D &#60;lab&#62;"}, {"id": 2, "name": "lab"},
                                      {"id": 3, "name": "R&D <lab> 2"}]
    rows = ItemReader(client, "Computer").all(filters={"name": "^R&D <lab>"}, max_rows=1)
    assert [r["id"] for r in rows] == [1]
    assert client.list_items.call_args.kwargs["search_text"] == {"name": "lab"}
    assert client.list_items.call_args.kwargs["max_rows"] is None


@pytest.mark.parametrize("field, searchtype, value, sent", [
    ("last_boot", "equals", "2026-12-04T16:49:00", "2026-12-04 16:49:00"),
    ("last_boot", "lessthan", "2026-12-04T16:49:00Z", "2026-12-04 18:49:00"),
    ("last_boot", "lessthan", "2026-12-04T16:49:00+02:00", "2026-12-04 16:49:00"),
    ("last_boot", "morethan", "2026-12-04T16:49:00.250-0130", "2026-12-04 20:19:00"),
    ("last_boot", "equals", "2026-12-04 16:49", "2026-12-04 16:49:00"),
    ("last_boot", "equals", "2026-12-04", "2026-12-04"),
    ("last_boot", "lessthan", "now", "NOW"), ("last_boot", "morethan", "-7day", "-7DAY"),
    ("last_boot", "morethan", "2WEEK", "2WEEK"), ("last_boot", "equals", "LastMonday", "LASTMONDAY"),
    ("last_boot", "lessthan", "BEGINMONTH", "BEGINMONTH"), ("last_boot", "equals", "-3HOUR", "-3HOUR"),
    ("last_boot", "contains", "2026-12", "2026-12"), ("last_boot", "contains", "2026-12-04 16:4", "2026-12-04 16:4"),
    ("last_boot", "notcontains", "null", "NULL"), ("last_boot", "contains", "2026-12-04T16:49:00", "2026-12-04 16:49:00"),
    ("Infocom.buy_date", "equals", "2026-12-04", "2026-12-04"), ("Infocom.buy_date", "equals", "TODAY", "TODAY"),
    ("Infocom.buy_date", "lessthan", "2026-12-04 16:49", "2026-12-04 16:49:00"),
])
def test_accepted_date_values(fields, field, searchtype, value, sent):
    query = SearchQuery(fields, "Computer", criteria=[{"field": field, "searchtype": searchtype, "value": value}])
    assert query.params["criteria"][0]["value"] == sent


@pytest.mark.parametrize("field, searchtype, value, needle", [
    ("last_boot", "lessthan", "yesterday", "accepted: YYYY-MM-DD"),
    ("last_boot", "equals", "+1DAY", "accepted:"),
    ("last_boot", "lessthan", "-2", "accepted:"),
    ("last_boot", "morethan", "04-12-2026", "accepted:"),
    ("last_boot", "equals", "2026-02-30", "day is out of range"),
    ("last_boot", "contains", "NOW", "relative forms"),
    ("last_boot", "contains", "^2026", "contains compares the text"),
    ("Infocom.buy_date", "equals", "2026-12-04 16:49", "whole days"),
    ("Infocom.buy_date", "notequals", "-3HOUR", "whole days"),
    ("Infocom.buy_date", "contains", "2026-12-04 16", "digits, -,"),
])
def test_refused_date_values(fields, client, field, searchtype, value, needle):
    with pytest.raises(GlpiInputError) as err:
        SearchQuery(fields, "Computer", criteria=[{"field": field, "searchtype": searchtype, "value": value}])
    message = str(err.value)
    assert message.startswith("criteria[0]: '%s'" % value) and field.split(".")[-1] in message and needle in message
    client.search.assert_not_called()


def test_server_offset_is_read_once(fields, client):
    SearchQuery(fields, "Computer", criteria=[{"field": "last_boot", "searchtype": "morethan", "value": "2026-01-01T00:00:00Z"},
                                              {"field": "date_mod", "searchtype": "lessthan", "value": "2026-01-02T00:00:00Z"}])
    assert [c.args[1] for c in client.request.call_args_list] == ["getFullSession"]
