"""Names with & < > and quotes are found by every reading path on GLPI 10.0 (which matches nothing
when such a value is searched: it compares the typed text with text it stores HTML-encoded) and on
11.0 (which matches the text): glpi_search criteria, glpi_item_info and lookup filters, inventory
filters, and glpi_item's match keys. Counts are those of the compared rows."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Search escaping", "case": "glpi_search: contains 'R&D <lab> \"x\"' (and r&d <LAB>)",
     "outcome": "finds the item on 10.0 and 11.0; count is the compared count", "test": "test_glpi_search_finds_special_names"},
    {"area": "Search escaping", "case": "glpi_search: notcontains '<lab>' and AND NOT 'R&D'",
     "outcome": "every item but that one, on both versions", "test": "test_glpi_search_finds_special_names"},
    {"area": "Search escaping", "case": "glpi_search: 'R&D' inside an OR",
     "outcome": "GLPI 10.0: fails naming criteria[1]; 11.0: finds the item", "test": "test_or_with_special_value_is_refused_on_10"},
    {"area": "Search escaping", "case": "glpi_item_info and glpi_lookup: filters name '^se-... R&D <lab>'",
     "outcome": "the item, on 10.0 and 11.0", "test": "test_info_and_lookup_filters_find_special_names"},
    {"area": "Search escaping", "case": "glpi_inventory: filters name with & < >",
     "outcome": "the host, on 10.0 and 11.0", "test": "test_inventory_filter_finds_special_names"},
    {"area": "Search escaping", "case": "glpi_item: match on a name with & < > and quotes",
     "outcome": "found (unchanged, no duplicate) on 10.0 and 11.0", "test": "test_glpi_item_matches_special_names"},
]


@pytest.fixture
def items(glpi_server):
    tag = uuid.uuid4().hex[:8]
    prefix = "se-%s " % tag
    names = {"special": prefix + 'R&D <lab> "x"', "plain": prefix + "lab", "amp": prefix + "a & b"}
    client = glpi_server.api_client()
    try:
        ids = dict((key, client.add("Computer", {"name": name})["id"]) for key, name in names.items())
        yield {"tag": tag, "prefix": prefix, "names": names, "ids": ids}
        found = client.list_items("Computer", search_text={"name": "se-%s" % tag})
        if found:
            client.delete("Computer", [row["id"] for row in found], force_purge=True)
    finally:
        client.close()


def search(criteria, **options):
    return {"glpi.glpi.glpi_search": dict({"itemtype": "Computer", "criteria": criteria}, **options)}


def mine(items):
    return {"field": "name", "value": items["prefix"].strip()}


def ids(result):
    return sorted(record["id"] for record in result["records"])


def test_glpi_search_finds_special_names(playbook, items):
    special, plain, amp = items["ids"]["special"], items["ids"]["plain"], items["ids"]["amp"]
    run = playbook.run([
        search([mine(items), {"field": "name", "value": 'R&D <lab> "x"'}]),
        search([mine(items), {"field": "name", "value": "r&d <LAB>"}]),
        search([mine(items), {"field": "name", "searchtype": "notcontains", "value": "<lab>"}]),
        search([mine(items), {"link": "AND NOT", "field": "name", "value": "R&D"}]),
        search([mine(items), {"field": "name", "value": "&"}], max_rows=1),
        search([mine(items), {"field": "name", "value": "^%s" % items["names"]["special"]}], display=["serial"]),
    ])
    exact, folded, negated, and_not, limited, anchored = run.results
    assert ids(exact) == [special] and exact["count"] == 1, exact
    assert exact["records"][0]["name"] == items["names"]["special"]
    assert ids(folded) == [special]
    assert ids(negated) == sorted([plain, amp]) and negated["count"] == 2
    assert ids(and_not) == sorted([plain, amp])
    assert limited["count"] == 1 and ids(limited)[0] in (special, amp)
    assert ids(anchored) == [special]


def test_or_with_special_value_is_refused_on_10(playbook, items, glpi_server):
    client = glpi_server.api_client()
    try:
        version = client.request("GET", "getGlpiConfig").body["cfg_glpi"]["version"]
    finally:
        client.close()
    result = playbook.run([search([mine(items), {"criteria": [{"field": "serial", "value": "none-%s" % items["tag"]},
                                                              {"link": "OR", "field": "name", "value": "R&D"}]}])])[0]
    if version.startswith("10."):
        assert result.get("failed") and "criteria[1].criteria[1]" in result["msg"] and "GLPI 10.0" in result["msg"], result
    else:
        assert ids(result) == [items["ids"]["special"]], result


def test_info_and_lookup_filters_find_special_names(playbook, items, glpi_server):
    name = items["names"]["special"]
    pattern = "^%sR&D <lab>" % items["prefix"]
    lookup = "{{ query('glpi.glpi.glpi_lookup', 'Computer', filters={'name': %s}) | map(attribute='name') | to_json }}" % json.dumps(pattern)
    run = playbook.run([
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "filters": {"name": pattern}}},
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "filters": {"name": "%s$" % name[-12:]}}},
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "fields": {"name": name}}},
        {"ansible.builtin.debug": {"msg": lookup}},
    ], extra_env={"GLPI_URL": glpi_server.base_url, "GLPI_APP_TOKEN": glpi_server.app_token,
                  "GLPI_USER_TOKEN": glpi_server.user_token})
    listed, ending, exact, fact = run.results
    assert [r["id"] for r in listed["records"]] == [items["ids"]["special"]] and listed["count"] == 1, listed
    assert [r["id"] for r in ending["records"]] == [items["ids"]["special"]]
    assert exact["id"] == items["ids"]["special"]
    assert json.loads(fact["msg"]) == [name], fact


def test_glpi_item_matches_special_names(playbook, items):
    name = items["names"]["special"]
    result = playbook.run([{"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": name}}}])[0]
    assert result["action"] == "unchanged" and result["id"] == items["ids"]["special"], result


def test_inventory_filter_finds_special_names(items, glpi_server, collections_path, tmp_path):
    path = os.path.join(str(tmp_path), "se.glpi.yml")
    config = {"plugin": "glpi.glpi.glpi_inventory", "url": glpi_server.base_url, "app_token": glpi_server.app_token,
              "user_token": glpi_server.user_token, "session_cache": False, "hostname": "'se-' ~ glpi_id",
              "filters": {"name": "^%sR&D <lab>" % items["prefix"]}}
    with open(path, "w") as handle:
        yaml.safe_dump(config, handle)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1", ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN"):
        env.pop(name, None)
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    hosts = json.loads(proc.stdout)["_meta"]["hostvars"]
    assert sorted(hosts) == ["se-%d" % items["ids"]["special"]], sorted(hosts)
