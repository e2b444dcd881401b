"""glpi.glpi.glpi_search against glpi_server: criteria by field name on text, date and dropdown
fields, OR groups, meta criteria, paging across 2,500 items, unknown fields, rights."""

import uuid

import pytest

import fillers


pytestmark = pytest.mark.integration


def search(**options):
    return {"glpi.glpi.glpi_search": dict({"itemtype": "Computer"}, **options)}


def create(client, itemtype, rows, chunk=50):
    """Bulk creates in chunks of 50 (a real GLPI behind nginx answers 502 to large bulk adds)."""
    ids = []
    for start in range(0, len(rows), chunk):
        ids += [answer["id"] for answer in client.add(itemtype, rows[start:start + chunk])]
    return ids


@pytest.fixture(scope="module")
def data(glpi_server):
    """A small fleet: 2 locations (one under the other), 2 manufacturers, 4 computers, 2 infocoms."""
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        site = create(client, "Location", [{"name": "site-%s" % tag}])[0]
        floor = create(client, "Location", [{"name": "floor-%s" % tag, "locations_id": site}])[0]
        maker_a, maker_b = create(client, "Manufacturer", [{"name": "maker-a-%s" % tag}, {"name": "maker-b-%s" % tag}])
        computers = create(client, "Computer", [
            {"name": "srch-%s-web-1" % tag, "serial": "S1-%s" % tag, "locations_id": site, "manufacturers_id": maker_a},
            {"name": "srch-%s-web-2" % tag, "serial": "S2-%s" % tag, "locations_id": floor, "manufacturers_id": maker_b},
            {"name": "srch-%s-db-1" % tag, "serial": "S3-%s" % tag, "locations_id": floor, "manufacturers_id": maker_a},
            {"name": "srch-%s-mail" % tag, "serial": "X4-%s" % tag},
        ])
        create(client, "Infocom", [
            {"itemtype": "Computer", "items_id": computers[0], "buy_date": "2020-05-01"},
            {"itemtype": "Computer", "items_id": computers[2], "buy_date": "2024-05-01"},
        ])
        create(client, "NetworkPort", [{"itemtype": "Computer", "items_id": computers[0], "name": "eth0",
                                        "mac": "00:50:56:aa:bb:01", "instantiation_type": "NetworkPortEthernet",
                                        "logical_number": 1}])
        yield {"tag": tag, "prefix": "srch-%s-" % tag, "ids": computers, "site": "site-%s" % tag,
               "floor": "floor-%s" % tag, "maker_a": "maker-a-%s" % tag}
        client.delete("Computer", computers, force_purge=True)
    finally:
        client.close()


def names(result):
    return sorted(record["name"] for record in result["records"])


def test_text_criteria_display_and_sort(playbook, data):
    prefix = data["prefix"]
    run = playbook.run([
        search(criteria=[{"field": "name", "value": "^%sweb" % prefix}], display=["serial", "locations_id"],
               sort="serial", order="DESC"),
        search(criteria=[{"field": "name", "searchtype": "contains", "value": prefix},
                         {"link": "AND NOT", "field": "serial", "value": "^S"}]),
    ], check=True)
    web, not_s = run.results
    assert web["changed"] is False and web["count"] == 2
    assert [r["serial"] for r in web["records"]] == ["S2-%s" % data["tag"], "S1-%s" % data["tag"]]
    first = web["records"][0]
    assert set(first) >= {"id", "name", "serial", "locations_id"}
    assert first["id"] == data["ids"][1]
    # GLPI 10.0 sends tree names HTML-encoded ("a &#62; b"); the module gives plain text.
    assert first["locations_id"].endswith("%s > %s" % (data["site"], data["floor"]))
    assert web["columns"]["serial"]["uid"] == "Computer.serial"
    assert names(not_s) == ["%smail" % prefix]


def test_dropdown_criteria_by_name_and_tree(playbook, data):
    prefix = data["prefix"]
    run = playbook.run([
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "manufacturers_id", "searchtype": "equals", "value": data["maker_a"]}]),
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "locations_id", "searchtype": "under", "value": data["site"]}]),
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "Location.completename", "value": data["floor"]}], display=["Location.completename"]),
    ])
    maker, under, floor = run.results
    assert names(maker) == ["%sdb-1" % prefix, "%sweb-1" % prefix]
    assert names(under) == ["%sdb-1" % prefix, "%sweb-1" % prefix, "%sweb-2" % prefix]
    assert names(floor) == ["%sdb-1" % prefix, "%sweb-2" % prefix]
    assert all(r["Location.completename"].endswith(data["floor"]) for r in floor["records"])


def test_date_criteria_on_linked_infocom(playbook, data):
    prefix = data["prefix"]
    run = playbook.run([
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "Infocom.buy_date", "searchtype": "lessthan", "value": "2022-01-01"}]),
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "Infocom.buy_date", "searchtype": "morethan", "value": "2022-01-01"}],
               display=["Infocom.buy_date"]),
        search(criteria=[{"field": "name", "value": prefix},
                         {"field": "date_creation", "searchtype": "lessthan", "value": "2000-01-01 00:00:00"}]),
    ])
    before, after, ancient = run.results
    assert names(before) == ["%sweb-1" % prefix]
    assert names(after) == ["%sdb-1" % prefix]
    assert after["records"][0]["Infocom.buy_date"].startswith("2024-05-01")
    assert ancient["count"] == 0 and ancient["records"] == []


def test_or_groups(playbook, data):
    prefix = data["prefix"]
    run = playbook.run([
        search(criteria=[{"field": "name", "value": prefix},
                         {"link": "AND", "criteria": [
                             {"field": "serial", "value": "X4-"},
                             {"link": "OR", "field": "name", "value": "db-1"}]}]),
        search(criteria=[{"field": "name", "value": "%sweb-1" % prefix},
                         {"link": "OR", "field": "name", "value": "%smail" % prefix}]),
    ])
    grouped, ored = run.results
    assert names(grouped) == ["%sdb-1" % prefix, "%smail" % prefix]
    assert names(ored) == ["%smail" % prefix, "%sweb-1" % prefix]


def test_meta_criteria_on_linked_itemtype(playbook, data):
    prefix = data["prefix"]
    run = playbook.run([
        search(criteria=[{"field": "name", "value": prefix},
                         {"itemtype": "NetworkPort", "field": "mac", "value": "00:50:56:aa"}]),
        search(criteria=[{"field": "name", "value": prefix},
                         {"link": "AND NOT", "itemtype": "NetworkPort", "field": "mac", "value": "00:50:56:aa"}]),
    ])
    with_port, without = run.results
    assert names(with_port) == ["%sweb-1" % prefix]
    assert "%sweb-1" % prefix not in names(without) and without["count"] == 3


def test_unknown_field_fails_with_suggestions(playbook, data):
    run = playbook.run([search(criteria=[{"field": "serail", "value": "x"}], display=["Location.compltename"])])
    result = run[0]
    assert result["failed"]
    assert "serail" in result["msg"] and "closest valid names: serial" in result["msg"]


def test_unknown_field_fails_before_searching(playbook, counters, data):
    counters.reset()
    assert playbook.run([search(display=["Location.compltename"])])[0]["failed"]
    assert counters.read()["by_endpoint"].get("GET search/Computer", 0) == 0


def test_bad_searchtype_and_equals_on_name_are_refused(playbook, data):
    run = playbook.run([
        search(criteria=[{"field": "serial", "searchtype": "under", "value": "x"}]),
        search(criteria=[{"field": "name", "searchtype": "equals", "value": "web-01"}]),
        search(criteria=[{"field": "name", "value": "x", "link": "XOR"}]),
    ])
    for result in run.results:
        assert result["failed"]
    assert "available" in run[0]["msg"] and "contains" in run[0]["msg"]
    assert "^web-01$" in run[1]["msg"]
    assert "XOR" in run[2]["msg"]


@pytest.fixture(scope="module")
def many(glpi_server):
    """2,500 computers sharing a prefix, created in bulk."""
    prefix = "page-%s-" % uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        ids = create(client, "Computer", [{"name": "%s%04d" % (prefix, n)} for n in range(2500)], chunk=50)
        yield {"prefix": prefix, "ids": ids}
        fillers.purge_bulk(client, "Computer", ids)
    finally:
        client.close()


def test_paging_across_2500_items(playbook, many):
    run = playbook.run([
        search(criteria=[{"field": "name", "value": "^%s" % many["prefix"]}]),
        search(criteria=[{"field": "name", "value": "^%s" % many["prefix"]}], max_rows=700),
    ])
    full, capped = run.results
    assert full["count"] == 2500
    assert sorted(r["id"] for r in full["records"]) == sorted(many["ids"])
    assert [r["name"] for r in full["records"]] == ["%s%04d" % (many["prefix"], n) for n in range(2500)]
    assert capped["count"] == 700


def test_paging_costs_one_request_per_page(playbook, counters, many):
    task = search(criteria=[{"field": "name", "value": "^%s" % many["prefix"]}])
    playbook.run([task])   # warms the search options cache
    counters.reset()
    run = playbook.run([task])
    stats = counters.read()
    assert run[0]["count"] == 2500
    assert stats["by_endpoint"].get("GET search/Computer") == 5, stats["by_endpoint"]
    assert stats["by_endpoint"].get("GET listSearchOptions/Computer", 0) == 0
    assert stats["writes"] == 0


def test_self_service_cannot_read_computers(playbook, data):
    connection = {"url": playbook.server.base_url, "app_token": playbook.server.app_token,
                  "username": "post-only", "password": "postonly", "auth_method": "basic"}
    run = playbook.run([search(criteria=[{"field": "name", "value": data["prefix"]}])], connection=connection)
    result = run[0]
    assert result["failed"]
    assert "Permission denied" in result["msg"] or "permission" in result["msg"].lower()
    assert result["error"]["glpi_code"] == "ERROR_RIGHT_MISSING"
    assert "postonly" not in result["msg"]
