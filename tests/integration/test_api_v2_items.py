"""glpi_item over GLPI's legacy API (v1) and GLPI 11's high-level API (v2), the same tasks with the
same assertions: bulk ``items`` (check mode, create, unchanged re-run, update, trash, purge, the
per-element results and summary), ``create_missing_dropdowns``, the column length checks, and the
decisions that used to differ between the two APIs (an empty string against NULL, an itemtype
without a trash).

Runs against an emulator in 11.0 mode (both APIs on one database), or the real GLPI 11 that GLPI_URL
names when GLPI_CLIENT_ID/GLPI_CLIENT_SECRET (and GLPI_USERNAME/GLPI_PASSWORD) are set. Clean-up is
plain HTTP on v2 (not the collection's code)."""

import pytest

from test_api_v2 import Seeder

pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "glpi_item over v1 and v2: items element with a name of 300 characters",
     "outcome": "fails naming the element, name, limit 255 and length 300; nothing written", "test": "test_column_limits_both_apis"},
    {"area": "Load and concurrency", "case": "glpi_item items over v2: 12 elements written in parallel requests",
     "outcome": "the same per-element results and summary as v1's bulk requests; a re-run is unchanged",
     "test": "test_bulk_items_life_cycle"},
]


@pytest.fixture
def seeder(hlapi_server):
    seed = Seeder(hlapi_server)
    made = []
    yield seed, made
    for path, name in made:
        answer = seed.http.get(seed.base + "/v2/" + path, params={"filter": 'name=="%s"' % name}, timeout=30)
        for row in answer.json() if answer.status_code in (200, 206) else []:
            seed.delete(path, row["id"], purge=True)


def item(itemtype="Computer", **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": itemtype}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_bulk_items_life_cycle(run_on, seeder, api, unique):
    names = ["v2b-%s-%s-%02d" % (api, unique, index) for index in range(12)]
    location = "v2b-loc-%s-%s" % (api, unique)
    seeder[1].extend([("Assets/Computer", name) for name in names] + [("Dropdowns/Location", location)])
    items = [{"name": name, "serial": "SN-%d" % index} for index, name in enumerate(names)]
    planned = run_on(api, [item(items=items)], check=True)[0]
    assert planned["changed"] and planned["summary"] == {"create": 12}, planned.get("msg")
    run = run_on(api, [
        item(items=items),
        item(items=items),
        item(items=[dict(element, comment="third") if index % 3 == 0 else element for index, element in enumerate(items)]),
        item(items=[{"name": names[0], "locations_id": location}], create_missing_dropdowns=True),
        # Cleared on the server, not only in the report (GLPI 11.0.6 ignores a null link over v2).
        item(items=[{"name": names[0], "locations_id": 0}]),
        item(items=[{"name": names[0], "locations_id": 0}]),
        item(items=[{"name": name} for name in names], state="absent"),
        item(items=[{"name": name} for name in names], state="purged"),
        item(items=[{"name": name} for name in names], state="purged"),
    ])
    create, again, update, dropdown, cleared, cleared_again, trash, purge, gone = run.results
    assert create["changed"] and create["summary"] == {"create": 12}, create.get("msg")
    ids = [result["id"] for result in create["results"]]
    assert [r["index"] for r in create["results"]] == list(range(12)) and all(ids) and len(set(ids)) == 12
    assert create["results"][0] == {"index": 0, "id": ids[0], "action": "create", "changed": True,
                                    "changed_fields": ["name", "serial"], "error": None}
    assert again["changed"] is False and again["summary"] == {"unchanged": 12}, again.get("msg")
    assert [r["id"] for r in again["results"]] == ids
    assert update["summary"] == {"update": 4, "unchanged": 8}, update.get("msg")
    assert [r["changed_fields"] for r in update["results"][:2]] == [["comment"], []]
    assert dropdown["changed"] and len(dropdown["created_dropdowns"]) == 1, dropdown.get("msg")
    assert dropdown["created_dropdowns"][0].startswith("Location '%s' (id " % location)
    assert dropdown["results"][0]["changed_fields"] == ["locations_id"]
    assert cleared["results"][0]["changed_fields"] == ["locations_id"], cleared.get("msg")
    assert cleared_again["changed"] is False, "the location was not cleared: %s" % cleared_again.get("results")
    assert trash["summary"] == {"trash": 12} and [r["id"] for r in trash["results"]] == ids, trash.get("msg")
    assert purge["summary"] == {"purge": 12} and gone["summary"] == {"unchanged": 12}, purge.get("msg")


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_decisions_that_used_to_differ(run_on, seeder, api, unique):
    """An empty comment against a NULL one is no change on both APIs (GLPI's update takes them for the
    same value and would not write it: a task asking for it changed on every run over v1); an
    itemtype without a trash (Location) is purged by state=absent on both."""
    name, location = "v2d-%s-%s" % (api, unique), "v2d-loc-%s-%s" % (api, unique)
    seeder[1].extend([("Assets/Computer", name), ("Dropdowns/Location", location)])
    run = run_on(api, [
        item(fields={"name": name}),
        item(fields={"name": name, "comment": ""}),
        item(fields={"name": name, "comment": "x"}),
        item(fields={"name": name, "comment": ""}),
        item(fields={"name": name, "comment": None}),
        item("Location", fields={"name": location}),
        item("Location", fields={"name": location}, state="absent"),
        item("Location", fields={"name": location}, state="absent"),
        item(fields={"name": name}, state="purged"),
    ])
    created, empty, filled, emptied, nulled, loc, loc_gone, loc_again, purged = run.results
    assert created["action"] == "create", created.get("msg")
    assert empty["action"] == "unchanged" and empty["item"]["comment"] in (None, ""), empty.get("msg")
    assert (filled["action"], filled["changed_fields"]) == ("update", ["comment"]), filled.get("msg")
    assert (emptied["action"], emptied["item"]["comment"]) == ("update", ""), emptied.get("msg")
    assert nulled["action"] == "unchanged", nulled.get("msg")
    assert loc["action"] == "create", loc.get("msg")
    assert (loc_gone["action"], loc_gone["id"]) == ("purge", loc["id"]) and loc_again["action"] == "unchanged"
    assert purged["action"] == "purge"


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_column_limits_both_apis(run_on, seeder, api, unique):
    name = "v2l-%s-%s" % (api, unique)
    seeder[1].append(("Assets/Computer", name))
    run = run_on(api, [
        item(items=[{"name": name}, {"name": "x" * 300}]),
        item(fields={"name": name}, state="purged"),
    ])
    failed, nothing = run.results
    assert failed["failed"] and "items[1]" in failed["msg"] and "name" in failed["msg"], failed.get("msg")
    assert "255" in failed["msg"] and "300" in failed["msg"]
    assert nothing["action"] == "unchanged", "nothing was written"
