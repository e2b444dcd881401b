"""glpi.glpi.glpi_item_info against glpi_server: by id, by exact fields (glpi_item's rules),
listings with filters, trash, expanded dropdowns, related data, sub items, all pages, rights."""

import uuid

import pytest

import fillers


pytestmark = pytest.mark.integration


def info(**options):
    return {"glpi.glpi.glpi_item_info": dict({"itemtype": "Computer"}, **options)}


@pytest.fixture(scope="module")
def fleet(glpi_server):
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        location = client.add("Location", {"name": "info-loc-%s" % tag})["id"]
        rows = [{"name": "info-%s-web_01" % tag, "serial": "I1-%s" % tag, "locations_id": location, "comment": "a & b"},
                {"name": "info-%s-web-01" % tag, "serial": "I2-%s" % tag},
                {"name": "info-%s-dup" % tag, "serial": "I3-%s" % tag},
                {"name": "info-%s-dup" % tag, "serial": "I4-%s" % tag},
                {"name": "info-%s-gone" % tag, "serial": "I5-%s" % tag}]
        ids = [answer["id"] for answer in client.add("Computer", rows)]
        client.delete("Computer", ids[4])
        port = client.add("NetworkPort", {"itemtype": "Computer", "items_id": ids[0], "name": "eth0",
                                          "instantiation_type": "NetworkPortEthernet", "logical_number": 1})["id"]
        yield {"tag": tag, "ids": ids, "location": "info-loc-%s" % tag, "location_id": location, "port": port}
        client.delete("Computer", ids, force_purge=True)
    finally:
        client.close()


def test_by_id_and_by_exact_fields(playbook, fleet):
    tag, ids = fleet["tag"], fleet["ids"]
    run = playbook.run([
        info(id=ids[0]),
        info(fields={"name": "info-%s-web_01" % tag}),
        info(fields={"name": "info-%s-web_01" % tag, "locations_id": fleet["location"], "comment": "a & b"}),
        info(fields={"name": "INFO-%s-WEB_01" % tag}),
        info(id=999999999),
    ], check=True)
    by_id, by_name, by_more, other_case, missing = run.results
    assert by_id["changed"] is False
    assert by_id["record"]["name"] == "info-%s-web_01" % tag and by_id["id"] == ids[0]
    assert len(by_id["sha1"]) == 40 and by_id["count"] == 1 and by_id["records"] == [by_id["record"]]
    assert by_name["id"] == ids[0], "web_01 must not match web-01"
    assert by_more["id"] == ids[0]
    assert other_case["record"] is None and other_case["records"] == [] and other_case["count"] == 0
    assert missing["record"] is None and missing["id"] is None


def test_ambiguous_fields_fail_with_ids(playbook, fleet):
    run = playbook.run([info(fields={"name": "info-%s-dup" % fleet["tag"]})])
    assert run[0]["failed"]
    assert str(fleet["ids"][2]) in run[0]["msg"] and str(fleet["ids"][3]) in run[0]["msg"]


def test_sha1_feeds_glpi_item_expected_sha1(playbook, fleet):
    ident = fleet["ids"][1]
    read = playbook.run([info(id=ident)])[0]
    run = playbook.run([{"glpi.glpi.glpi_item": {"itemtype": "Computer", "id": ident, "expected_sha1": read["sha1"],
                                                 "fields": {"comment": "seen %s" % fleet["tag"]}}}])
    assert run[0]["changed"], run[0].get("msg")


def test_listing_filters_trash_and_expand(playbook, fleet):
    tag = fleet["tag"]
    run = playbook.run([
        info(filters={"name": "^info-%s-" % tag}),
        info(filters={"name": "^info-%s-" % tag}, is_deleted=True),
        info(filters={"name": "^info-%s-web_01$" % tag}, expand_dropdowns=True),
        info(filters={"nosuchfield": "x"}),
    ])
    active, trash, expanded, bad = run.results
    assert sorted(r["id"] for r in active["records"]) == sorted(fleet["ids"][:4])
    assert active["count"] == 4 and "record" not in active
    assert [r["id"] for r in trash["records"]] == [fleet["ids"][4]]
    assert expanded["records"][0]["locations_id"].endswith(fleet["location"])
    assert bad["failed"] and "nosuchfield" in bad["msg"]


def test_related_and_sub_items(playbook, fleet):
    ident = fleet["ids"][0]
    run = playbook.run([
        info(id=ident, related=["networkports", "infocoms"], sub_itemtypes=["NetworkPort"]),
        info(filters={"name": "^info-%s-web" % fleet["tag"]}, sub_itemtypes=["NetworkPort"]),
    ])
    one, listing = run.results
    record = one["record"]
    assert "_networkports" in record and "_infocoms" in record
    assert [port["id"] for port in record["_sub_items"]["NetworkPort"]] == [fleet["port"]]
    assert one["sha1"] is None
    ports = dict((r["id"], r["_sub_items"]["NetworkPort"]) for r in listing["records"])
    assert len(ports[ident]) == 1 and ports[fleet["ids"][1]] == []


def test_all_pages_are_fetched(playbook, fleet, glpi_server):
    prefix = "infopage-%s-" % fleet["tag"]
    client = glpi_server.api_client()
    try:
        ids = []
        for start in range(0, 1200, 50):
            ids += [a["id"] for a in client.add("Computer", [{"name": "%s%04d" % (prefix, n)} for n in range(start, start + 50)])]
        run = playbook.run([info(filters={"name": "^%s" % prefix})])
        assert run[0]["count"] == 1200
        assert sorted(r["id"] for r in run[0]["records"]) == sorted(ids)
    finally:
        fillers.purge_bulk(client, "Computer", ids)
        client.close()


def test_self_service_cannot_read_computers(playbook, fleet):
    connection = {"url": playbook.server.base_url, "app_token": playbook.server.app_token,
                  "username": "post-only", "password": "postonly", "auth_method": "basic"}
    run = playbook.run([info(filters={"name": "^info-"}), info(id=fleet["ids"][0])], connection=connection)
    for result in run.results:
        assert result["failed"]
        assert result["error"]["glpi_code"] == "ERROR_RIGHT_MISSING"
        assert "Permission denied" in result["msg"]
