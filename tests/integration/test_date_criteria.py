"""Dates in search criteria, against GLPI 10.0 and 11.0: YYYY-MM-DD[ HH:MM[:SS]], ISO 8601 (an offset
converted to the server's time) and GLPI's relative forms find what they name; anything else fails
naming the criterion, where GLPI itself would answer no row or every row without a word."""

import datetime
import uuid

import pytest

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Dates in criteria", "case": "glpi_search: last_boot equals 2026-12-04T16:49:00 (ISO 8601, T)",
     "outcome": "the item (GLPI alone: no row)", "test": "test_accepted_date_forms_find_the_items"},
    {"area": "Dates in criteria", "case": "glpi_search: ISO 8601 with Z or +02:00",
     "outcome": "converted to the server's time: the item", "test": "test_accepted_date_forms_find_the_items"},
    {"area": "Dates in criteria", "case": "glpi_search: now, -7DAY, NOW, TODAY, YYYY-MM-DD, contains 2026-12",
     "outcome": "GLPI's relative forms and dates find what they name", "test": "test_accepted_date_forms_find_the_items"},
    {"area": "Dates in criteria", "case": "glpi_search: yesterday, +1DAY, 04-12-2026, contains NOW, a time on a date with equals",
     "outcome": "fails naming criteria[1], the field and the value (GLPI alone: every row or none)",
     "test": "test_other_date_values_fail_naming_the_criterion"},
]

FORMAT = "%Y-%m-%d %H:%M:%S"


@pytest.fixture
def booted(glpi_server):
    """Two computers: 'recent' booted an hour before the server's now, 'old' thirty days before."""
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        recent = client.add("Computer", {"name": "dc-%s recent" % tag})["id"]
        utc = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        now = datetime.datetime.strptime(client.get_item("Computer", recent)["date_mod"], FORMAT)
        offset = datetime.timedelta(minutes=15 * round((now - utc).total_seconds() / 900.0))
        old = client.add("Computer", {"name": "dc-%s old" % tag})["id"]
        times = {"recent": now - datetime.timedelta(hours=1), "old": now - datetime.timedelta(days=30)}
        client.update("Computer", [{"id": recent, "last_boot": times["recent"].strftime(FORMAT)},
                                   {"id": old, "last_boot": times["old"].strftime(FORMAT)}])
        yield {"tag": tag, "recent": recent, "old": old, "times": times, "offset": offset}
        client.delete("Computer", [recent, old], force_purge=True)
    finally:
        client.close()


def search(booted, searchtype, value, field="last_boot"):
    criteria = [{"field": "name", "value": "dc-%s" % booted["tag"]},
                {"field": field, "searchtype": searchtype, "value": value}]
    return {"glpi.glpi.glpi_search": {"itemtype": "Computer", "criteria": criteria}}


def test_accepted_date_forms_find_the_items(playbook, booted):
    recent, old = booted["recent"], booted["old"]
    local = booted["times"]["recent"]
    utc = local - booted["offset"]
    cases = [
        ("equals", local.strftime("%Y-%m-%dT%H:%M:%S"), [recent]),
        ("equals", utc.strftime("%Y-%m-%dT%H:%M:%SZ"), [recent]),
        ("equals", (utc + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"), [recent]),
        ("equals", local.strftime(FORMAT), [recent]),
        ("equals", local.strftime("%Y-%m-%d"), [recent]),
        ("lessthan", local.strftime("%Y-%m-%dT%H:%M:%S"), [old]),
        ("morethan", "-7DAY", [recent]),
        ("lessthan", "-7day", [old]),
        ("lessthan", "now", sorted([recent, old])),
        ("morethan", "NOW", []),
        ("contains", booted["times"]["old"].strftime("%Y-%m-%d"), [old]),
        ("notcontains", "NULL", sorted([recent, old])),
    ]
    run = playbook.run([search(booted, searchtype, value) for searchtype, value, _expected in cases])
    for (searchtype, value, expected), result in zip(cases, run.results):
        assert not result.get("failed"), (searchtype, value, result.get("msg"))
        assert sorted(r["id"] for r in result["records"]) == expected, (searchtype, value, result["records"])


@pytest.mark.parametrize("searchtype, value, field, needle", [
    ("lessthan", "yesterday", "last_boot", "accepted:"),
    ("morethan", "+1DAY", "last_boot", "accepted:"),
    ("equals", "04-12-2026", "last_boot", "accepted:"),
    ("contains", "NOW", "last_boot", "relative forms"),
    ("equals", "2026-12-04 16:49", "Infocom.buy_date", "whole days"),
])
def test_other_date_values_fail_naming_the_criterion(playbook, booted, searchtype, value, field, needle):
    result = playbook.run([search(booted, searchtype, value, field)])[0]
    assert result.get("failed"), result
    assert result["msg"].startswith("criteria[1]: '%s'" % value) and field.split(".")[-1] in result["msg"], result["msg"]
    assert needle in result["msg"]
