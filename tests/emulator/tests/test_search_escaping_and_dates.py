# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text with & < > and date values in searches, as measured on real GLPI 10.0.12 and 11.0.6 (a
computer named 'R&D <lab> "x" ss-1', one 'ss-amp a & b', one 'ss-plain'; last_boot and
Infocom.buy_date set): 10.0 compares the typed text with the HTML-encoded stored one, so a value
with & < > matches nothing whatever its spelling; 11.0 compares the text. Dates follow
Html::computeGenericDateTimeSearch and Search::addWhere."""

import datetime

import pytest

from glpi_emulator import search_dates
from glpi_emulator.search_text import glpi10_search_value

RELIABILITY_CASES = [
    {"area": "Search escaping", "case": "emulator 10.0: contains / searchText with & < > in any spelling",
     "outcome": "matches nothing (notcontains: everything), as GLPI 10.0.12", "test": "test_text_with_special_characters"},
    {"area": "Search escaping", "case": "emulator 11.0: contains / searchText with & < >",
     "outcome": "matches the text, as GLPI 11.0.6", "test": "test_text_with_special_characters"},
    {"area": "Dates in criteria", "case": "emulator: NOW, TODAY, -1DAY, LASTMONDAY, BEGINMONTH, ENDYEAR, ...",
     "outcome": "computed as Html::computeGenericDateTimeSearch", "test": "test_relative_dates_are_computed_like_glpi"},
    {"area": "Dates in criteria", "case": "emulator: 2026-12-04T16:49:00, yesterday, 2026-12 on a date option",
     "outcome": "what GLPI does: no match, every row, or a relative number of months", "test": "test_date_values_as_glpi_reads_them"},
]

NAME = 'R&D <lab> "x" ss-1'
# value: (10.0 ids, 11.0 ids) of contains, as both real servers answered
CONTAINS = {
    "R&D": ([], [1]), "<lab>": ([], [1]), "&#60;lab&#62;": ([], []), "&lt;lab&gt;": ([], []), "lab": ([1], [1]),
    "R&#38;D": ([], []), '"x"': ([1], [1]), "a & b": ([], [3]), "&": ([1, 3], [1, 3]), "#38": ([1, 3], []),
    "#60;lab": ([1], []), "^R&": ([1], [1]), ">": ([], [1]), "R&#38;": ([1], []), "R&#x26;D": ([], []),
}


def _seed(api):
    api.add("Computer", name=NAME, last_boot="2026-12-04 16:49:00")
    api.add("Computer", name="ss-plain", last_boot="2026-11-30 08:00:00")
    api.add("Computer", name="ss-amp a & b")
    api.add("Infocom", itemtype="Computer", items_id=1, buy_date="2026-12-04")
    api.add("Infocom", itemtype="Computer", items_id=2, buy_date="2026-11-30")


def _ids(api, field, searchtype, value):
    body = api.get("search/Computer", **{"criteria[0][field]": str(field), "criteria[0][searchtype]": searchtype,
                                         "criteria[0][value]": value, "forcedisplay[0]": "2"})
    return sorted(int(row["2"]) for row in body.get("data", []))


@pytest.mark.parametrize("value", sorted(CONTAINS))
def test_text_with_special_characters(api, api11, value):
    for session, expected in ((api, CONTAINS[value][0]), (api11, CONTAINS[value][1])):
        _seed(session)
        assert _ids(session, 1, "contains", value) == expected
        assert _ids(session, 1, "notcontains", value) == [i for i in (1, 2, 3) if i not in expected]
        listed = session.get("Computer", **{"searchText[name]": value})
        assert sorted(row["id"] for row in listed) == expected


def test_glpi10_sanitizer_round_trip():
    assert glpi10_search_value("R&D") == "R&D"
    assert glpi10_search_value("&#60;lab&#62;") == "<lab>"
    assert glpi10_search_value("&lt;lab&gt;") == "<lab>"
    assert glpi10_search_value("R&#38;") == "R&"
    assert glpi10_search_value("&amp;") == "&amp;"


NOW = datetime.datetime(2026, 12, 4, 21, 52, 17)   # a Friday


@pytest.mark.parametrize("value, day_only, expected", [
    ("NOW", False, "2026-12-04 21:52:17"), ("NOW", True, "2026-12-04"), ("TODAY", False, "2026-12-04"),
    ("-1DAY", True, "2026-12-03"), ("1DAY", False, "2026-12-05 21:52:00"), ("-3HOUR", True, "2026-12-04 18:52:00"),
    ("-5MINUTE", False, "2026-12-04 21:47:00"), ("-1WEEK", False, "2026-11-27 21:52:00"), ("-1MONTH", True, "2026-11-04"),
    ("-1YEAR", True, "2025-12-04"), ("LASTMONDAY", True, "2026-11-30"), ("LASTFRIDAY", True, "2026-11-27"),
    ("BEGINMONTH", True, "2026-12-01"), ("BEGINYEAR", True, "2026-01-01"), ("ENDMONTH", False, "2026-12-31 00:00:00"),
    ("ENDYEAR", True, "2026-12-31"), ("BEGINWEEK", True, "2026-12-01"), ("LASTFOO", True, "1970-01-01"),
    ("+1DAY", True, "+1DAY"), ("now", True, "now"), ("yesterday", True, "yesterday"),
])
def test_relative_dates_are_computed_like_glpi(value, day_only, expected):
    assert search_dates.compute(value, day_only, NOW) == expected


def test_unreadable_last_day_is_a_type_error_on_11():
    with pytest.raises(search_dates.UnreadableDay):
        search_dates.compute("LASTFOO", True, NOW, "11.0")


@pytest.mark.parametrize("field, searchtype, value, expected10, expected11", [
    (10, "equals", "2026-12-04T16:49:00", [], []),            # the T is compared as text
    (10, "equals", "2026-12-04 16:49:00", [1], [1]),
    (10, "equals", "2026-12-04", [1], [1]),                   # a prefix of the datetime
    (10, "lessthan", "2026-12-04T16:49:00", [2], [2]),
    (10, "lessthan", "yesterday", [1, 2, 3], [1, 2, 3]),      # no condition at all
    (10, "morethan", "now", [1, 2, 3], [1, 2, 3]),
    (10, "lessthan", "2026-12", [1, 2], [1, 2]),              # INTERVAL 2026-12 MONTH
    (10, "morethan", "^2026-12-04", [1, 2], [1, 2]),          # MariaDB's zero date
    (10, "contains", "^2026-12-04", [1], []),                # 11.0 refuses what is not digits, - : and spaces
    (10, "contains", "LASTMONDAY", [2] if search_dates.compute("LASTMONDAY", True, datetime.datetime.now()) == "2026-11-30"
     else [], []),
    (10, "contains", "NULL", [3], [3]),
    (37, "equals", "2026-12-04 16:49:00", [], []),            # a day compared with a time
    (37, "lessthan", "2026-12-04 16", [1, 2], [1, 2]),
])
def test_date_values_as_glpi_reads_them(api, api11, field, searchtype, value, expected10, expected11):
    for session, expected in ((api, expected10), (api11, expected11)):
        _seed(session)
        assert _ids(session, field, searchtype, value) == expected, (session, value)


def test_unreadable_last_day(api, api11):
    _seed(api)
    _seed(api11)
    assert _ids(api, 10, "lessthan", "LASTFOO") == []
    status, _body = api11.call("GET", "search/Computer", **{"criteria[0][field]": "10", "criteria[0][searchtype]": "equals",
                                                            "criteria[0][value]": "LASTFOO"})
    assert status == 500
