"""The same read tasks over GLPI's legacy API (v1) and GLPI 11's high-level API (v2, OAuth2), with the
same assertions: glpi_item (one object: check mode, create, update, trash, restore, purge, diff),
glpi_item_info, glpi_search (simple criteria) and the glpi_lookup plugin; what v2 cannot do fails
naming it.

Runs against an emulator in 11.0 mode (both APIs on one database), or the real GLPI 11 that GLPI_URL
names when GLPI_CLIENT_ID/GLPI_CLIENT_SECRET (and GLPI_USERNAME/GLPI_PASSWORD) are set; skipped
otherwise. The data is seeded through the v2 API with plain HTTP (not the collection's code)."""

import uuid

import pytest
import requests

# api_v2: the seeding itself needs v2, so the whole file needs a GLPI 11 (or the emulator in 11.0 mode).
pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "v2: a field GLPI's v2 API does not expose (glpi_item_info fields)",
     "outcome": "fails naming the field, the itemtype, the API and the fields v2 offers", "test": "test_v2_limits_fail_clearly"},
    {"area": "Bad input", "case": "v2: glpi_search criteria RSQL cannot express (a negated contains in an OR, relative date)",
     "outcome": "fails naming the criterion, what v2 cannot do and api_version: v1", "test": "test_v2_limits_fail_clearly"},
]


class Seeder:
    """Plain HTTP on /api.php/v2 with a password-grant token."""

    def __init__(self, target):
        self.base = target.url + "/api.php"
        self.http = requests.Session()
        self.http.trust_env = False
        answer = self.http.post(self.base + "/token", json={
            "grant_type": "password", "client_id": target.client_id, "client_secret": target.client_secret,
            "username": target.username, "password": target.password, "scope": "api"}, timeout=30)
        answer.raise_for_status()
        self.http.headers["Authorization"] = "Bearer " + answer.json()["access_token"]

    def add(self, path, body):
        answer = self.http.post(self.base + "/v2/" + path, json=body, allow_redirects=False, timeout=30)
        assert answer.status_code in (201, 302), answer.text
        return answer.json()["id"]

    def delete(self, path, ident, purge):
        self.http.delete(self.base + "/v2/%s/%d" % (path, ident), params={"force": "true"} if purge else None, timeout=30)


@pytest.fixture(scope="module")
def seeded(hlapi_server):
    tag = uuid.uuid4().hex[:8]
    seed = Seeder(hlapi_server)
    location = seed.add("Dropdowns/Location", {"name": "v2loc-%s" % tag})
    names = ["v2-%s-web_01" % tag, "v2-%s-web-01" % tag, "v2-%s-dup" % tag, "v2-%s-dup" % tag, "v2-%s-gone" % tag]
    ids = [seed.add("Assets/Computer", {"name": name, "serial": "V2-%d-%s" % (index, tag),
                                        "location": {"id": location} if index == 0 else None})
           for index, name in enumerate(names)]
    seed.delete("Assets/Computer", ids[4], purge=False)
    yield {"tag": tag, "ids": ids, "location": "v2loc-%s" % tag, "location_id": location}
    for ident in ids:
        seed.delete("Assets/Computer", ident, purge=True)
    seed.delete("Dropdowns/Location", location, purge=True)


def info(**options):
    return {"glpi.glpi.glpi_item_info": dict({"itemtype": "Computer"}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_item_info_by_id_and_exact_fields(run_on, seeded, api):
    tag, ids = seeded["tag"], seeded["ids"]
    run = run_on(api, [
        info(id=ids[0]),
        info(fields={"name": "v2-%s-web_01" % tag}),
        info(fields={"name": "v2-%s-web_01" % tag, "locations_id": seeded["location"]}),
        info(fields={"name": "v2-%s-web_01" % tag, "locations_id": seeded["location_id"]}),
        info(fields={"name": "V2-%s-WEB_01" % tag}),
        info(id=999999999),
        info(fields={"name": "v2-%s-dup" % tag}),
        info(fields={"name": "v2-%s-gone" % tag}),
    ], check=True)
    by_id, by_name, by_location_name, by_location_id, other_case, missing, dup, gone = run.results
    assert by_id["changed"] is False, by_id.get("msg")
    record = by_id["record"]
    assert (record["id"], record["name"], record["serial"]) == (ids[0], "v2-%s-web_01" % tag, "V2-0-%s" % tag)
    assert record["locations_id"] == seeded["location_id"] and record["is_deleted"] == 0
    assert by_id["count"] == 1 and by_id["records"] == [record]
    assert by_name["id"] == ids[0], "web_01 must not match web-01"
    assert by_location_name["id"] == ids[0] and by_location_id["id"] == ids[0]
    assert other_case["record"] is None and other_case["count"] == 0
    assert missing["record"] is None and missing["id"] is None
    assert dup["failed"] and str(ids[2]) in dup["msg"] and str(ids[3]) in dup["msg"]
    assert gone["id"] == ids[4] and gone["record"]["is_deleted"] == 1


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_item_info_listing_filters_trash_and_expand(run_on, seeded, api):
    tag, ids = seeded["tag"], seeded["ids"]
    run = run_on(api, [
        info(filters={"name": "^v2-%s-" % tag}),
        info(filters={"name": "^v2-%s-" % tag}, is_deleted=True),
        info(filters={"serial": "0-%s" % tag}, expand_dropdowns=True),
        info(filters={"name": "^v2-%s-DUP$" % tag}),
        # The legacy searchText compares a dropdown column itself: its id, not its name.
        info(filters={"name": "^v2-%s-" % tag, "locations_id": "^%d$" % seeded["location_id"]}),
        info(filters={"name": "^v2-%s-" % tag, "locations_id": seeded["location"]}),
    ])
    active, trash, expanded, anchored, by_location_id, by_location_name = run.results
    assert sorted(r["id"] for r in active["records"]) == sorted(ids[:4]), active.get("msg")
    assert active["count"] == 4
    assert [r["id"] for r in trash["records"]] == [ids[4]]
    assert [r["locations_id"] for r in expanded["records"]] == [seeded["location"]]
    assert sorted(r["id"] for r in anchored["records"]) == sorted(ids[2:4]), "filters ignore case"
    assert [r["id"] for r in by_location_id["records"]] == [ids[0]], by_location_id.get("msg")
    assert by_location_name["records"] == [], by_location_name.get("msg")


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_lookup(run_on, seeded, api, hlapi_server):
    tag = seeded["tag"]
    conn = hlapi_server.connection(api)
    args = ", ".join("%s=%r" % item for item in sorted(conn.items()))
    run = run_on(api, [{"ansible.builtin.set_fact": {
        "found": "{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'name': 'v2-%s-web_01'}, %s) }}" % (tag, args)}}])
    found = run[0]["ansible_facts"]["found"]
    assert found["id"] == seeded["ids"][0] and found["locations_id"] == seeded["location_id"], run.output[-3000:]


def search(**options):
    return {"glpi.glpi.glpi_search": dict({"itemtype": "Computer"}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_search_simple_criteria(run_on, seeded, api):
    tag, ids = seeded["tag"], seeded["ids"]
    run = run_on(api, [
        search(criteria=[{"field": "name", "value": "^v2-%s-" % tag}], display=["serial"], sort="name", order="DESC"),
        search(criteria=[{"field": "name", "value": "^v2-%s-" % tag},
                         {"field": "locations_id", "searchtype": "equals", "value": seeded["location"]}],
               display=["locations_id"]),
        search(criteria=[{"field": "serial", "value": "^V2-4-%s$" % tag}], is_deleted=True),
        search(criteria=[{"field": "name", "value": "^v2-%s-" % tag}], max_rows=2, sort="name"),
    ])
    listed, located, trashed, limited = run.results
    assert listed["count"] == 4, listed.get("msg")
    names = [r["name"] for r in listed["records"]]
    assert [n.split("-")[2][:3] for n in names] == ["web", "web", "dup", "dup"], "sorted by name, descending"
    assert set(r["id"] for r in listed["records"]) == set(ids[:4])
    assert set(r["serial"] for r in listed["records"]) == set("V2-%d-%s" % (i, tag) for i in range(4))
    assert [(r["id"], r["locations_id"]) for r in located["records"]] == [(ids[0], seeded["location"])]
    assert [r["id"] for r in trashed["records"]] == [ids[4]]
    assert limited["count"] == 2


def item(**options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": "Computer"}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_item_life_cycle(run_on, seeded, api, unique):
    name = "v2-item-%s-%s" % (api, unique)
    fields = {"name": name, "serial": "SN-%s" % unique, "comment": "a & b < c"}
    run = run_on(api, [item(fields=fields)], check=True, diff=True)
    assert run[0]["changed"] and run[0]["action"] == "create" and run[0]["id"] is None, run[0].get("msg")
    run = run_on(api, [
        item(fields=fields),
        item(fields=fields),
        item(fields={"name": name, "locations_id": seeded["location"], "comment": "changed"}),
        item(state="absent", fields={"name": name}),
        item(state="absent", fields={"name": name}),
        item(fields={"name": name}),
        item(state="purged", fields={"name": name}),
        item(state="purged", fields={"name": name}),
    ], diff=True)
    create, again, update, trash, trash_again, restore, purge, purge_again = run.results
    assert create["changed"] and create["action"] == "create", create.get("msg")
    ident = create["id"]
    assert create["item"]["serial"] == "SN-%s" % unique and create["item"]["comment"] == "a & b < c"
    assert (again["changed"], again["action"], again["id"]) == (False, "unchanged", ident)
    assert update["action"] == "update" and update["changed_fields"] == ["comment", "locations_id"]
    assert update["item"]["locations_id"] == seeded["location_id"]
    assert update["diff"]["before"]["comment"] == "a & b < c" and update["diff"]["after"]["comment"] == "changed"
    assert (trash["action"], trash["id"]) == ("trash", ident) and trash_again["action"] == "unchanged"
    assert (restore["action"], restore["id"], restore["item"]["is_deleted"]) == ("restore", ident, 0)
    assert (purge["action"], purge["id"]) == ("purge", ident) and purge_again["action"] == "unchanged"
    gone = run_on(api, [info(id=ident)])[0]
    assert gone["record"] is None


def test_v2_limits_fail_clearly(run_on, seeded):
    run = run_on("v2", [
        info(fields={"name": "x", "nosuchfield": "y"}),
        info(id=seeded["ids"][0], related=["networkports"]),
        info(itemtype="NoSuchItemtype", id=1),
        {"glpi.glpi.glpi_ticket": {"name": "never", "content": "never", "items": [{"itemtype": "Computer", "id": 1}]}},
        search(criteria=[{"field": "name", "value": "a"}, {"link": "OR NOT", "field": "serial", "value": "b"}]),
        search(criteria=[{"field": "date_mod", "searchtype": "morethan", "value": "-7DAY"}]),
        item(fields={"name": "never"}, expected_sha1="0" * 40),
        item(fields={"name": "never", "nosuchfield": 1}),
    ])
    field, related, itemtype, ticket, or_link, relative, sha1, unknown = run.results
    assert field["failed"] and "'nosuchfield'" in field["msg"] and "v2 API" in field["msg"] and "serial" in field["msg"]
    assert related["failed"] and "related" in related["msg"] and "api_version: v1" in related["msg"]
    assert itemtype["failed"] and "NoSuchItemtype" in itemtype["msg"] and "Computer" in itemtype["msg"]
    assert ticket["failed"] and "items" in ticket["msg"] and "api_version=v2" in ticket["msg"]
    assert or_link["failed"] and "criteria[1]" in or_link["msg"] and "OR" in or_link["msg"]
    assert relative["failed"] and "-7DAY" in relative["msg"] and "v2 API" in relative["msg"]
    assert sha1["failed"] and "expected_sha1" in sha1["msg"] and "api_version: v1" in sha1["msg"]
    assert unknown["failed"] and "'nosuchfield'" in unknown["msg"]
