"""The inventory plugin and glpi_search's OR/NOT/groups over GLPI's legacy API (v1) and GLPI 11's
high-level API (v2, OAuth2): the same configuration gives the same hosts, vars and groups, the same
criteria the same records. What v2 does not expose (network addresses, operating system, templates)
is warned about or fails naming it.

Runs against an emulator in 11.0 mode or the real GLPI 11 GLPI_URL names (with GLPI_CLIENT_ID/
GLPI_CLIENT_SECRET); the data is seeded through v2 with plain HTTP (test_api_v2.Seeder)."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

from test_api_v2 import Seeder
from test_glpi_inventory import _plain

pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Inventory failures", "case": "glpi_inventory over v2: wrong client_secret",
     "outcome": "non-zero exit; the error names the OAuth client; no secret printed", "test": "test_v2_inventory_failures"},
    {"area": "Inventory failures", "case": "glpi_inventory over v2: exclude_templates false, or a filter on a field v2 lacks",
     "outcome": "non-zero exit naming the option, the value and api_version", "test": "test_v2_inventory_failures"},
    {"area": "Inventory failures", "case": "glpi_inventory over v2 with cache: true, then a wrong client_secret",
     "outcome": "the cached inventory is not used; non-zero exit", "test": "test_v2_inventory_failures"},
]

GROUPS = ["entity", "location", "state", "itemtype", "type", "manufacturer", "model"]
FIELDS = ["name", "entity", "location", "state", "serial", "otherserial", "type", "manufacturer", "model", "comment"]


@pytest.fixture(scope="module")
def seeded(hlapi_server):
    """A location tree, two states and a manufacturer; computers inv2-<tag>-web, -db, -dup (twice),
    -gone (trashed), a network equipment inv2-<tag>-sw."""
    tag = uuid.uuid4().hex[:8]
    seed = Seeder(hlapi_server)
    made = []

    def add(path, body):
        ident = seed.add(path, body)
        made.append((path, ident))
        return ident
    site = add("Dropdowns/Location", {"name": "inv2-%s" % tag})
    floor = add("Dropdowns/Location", {"name": "Floor 1", "parent": {"id": site}})
    prod = add("Dropdowns/State", {"name": "inv2-prod-%s" % tag})
    stock = add("Dropdowns/State", {"name": "inv2-stock-%s" % tag})
    maker = add("Dropdowns/Manufacturer", {"name": "inv2-maker-%s" % tag})
    prefix = "inv2-%s-" % tag
    computers = {}
    for name, body in (("web", {"location": {"id": floor}, "status": {"id": prod}, "serial": "S-%s" % tag,
                                "manufacturer": {"id": maker}, "comment": "a & b"}),
                       ("db", {"location": {"id": site}, "status": {"id": stock}, "otherserial": "O-%s" % tag}),
                       ("dup", {"status": {"id": stock}}), ("dup2", {"status": {"id": prod}}), ("gone", {"status": {"id": prod}})):
        computers[name] = add("Assets/Computer", dict(body, name=prefix + ("dup" if name == "dup2" else name)))
    seed.delete("Assets/Computer", computers["gone"], purge=False)
    switch = add("Assets/NetworkEquipment", {"name": prefix + "sw", "status": {"id": prod}, "serial": "SW-%s" % tag})
    yield {"tag": tag, "prefix": prefix, "ids": computers, "switch": switch, "site": "inv2-%s" % tag,
           "prod": "inv2-prod-%s" % tag, "stock": "inv2-stock-%s" % tag}
    for path, ident in reversed(made):
        seed.delete(path, ident, purge=True)


class Inventory:
    """ansible-inventory --list over a config for one API (GLPI_* removed from the environment)."""

    def __init__(self, target, collections, workdir):
        self.target, self.collections, self.workdir = target, collections, workdir
        self.count = 0

    def run(self, api, config, expect_ok=True, connection=None):
        self.count += 1
        path = os.path.join(str(self.workdir), "inv2-%d.glpi.yml" % self.count)
        body = dict(self.target.connection(api), plugin="glpi.glpi.glpi_inventory", session_cache=False)
        body.update(connection or {})
        body.update(config)
        with open(path, "w") as handle:
            yaml.safe_dump(body, handle)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GLPI_"))
        env.update(ANSIBLE_COLLECTIONS_PATH=self.collections, ANSIBLE_NOCOLOR="1", ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300,
                              check=False)
        if not expect_ok:
            return proc
        assert proc.returncode == 0, proc.stderr[-4000:]
        return _plain(json.loads(proc.stdout)), proc.stderr


def _groups(listed):
    """{group: sorted hosts} and {group: sorted children} of an ansible-inventory --list answer."""
    return dict((name, (sorted(g.get("hosts", [])), sorted(g.get("children", []))))
                for name, g in listed.items() if name != "_meta")


@pytest.fixture
def inventory(hlapi_server, collections_path, tmp_path):
    return Inventory(hlapi_server, collections_path, tmp_path)


def config(seeded, **extra):
    base = {"filters": {"name": "^%s" % seeded["prefix"]}, "fields": FIELDS, "builtin_groups": GROUPS,
            "ansible_host": "none", "itemtypes": ["Computer", "NetworkEquipment"],
            "keyed_groups": [{"key": "glpi_state", "prefix": "st"}], "compose": {"site": "glpi_location | default('')"}}
    base.update(extra)
    return base


@pytest.mark.parametrize("extra", [
    {},
    {"exclude_deleted": False, "itemtypes": ["Computer"]},
    {"states": ["INV2-PROD-{tag}"]},
    {"filters": [{"field": "name", "value": "^{prefix}"},
                 {"link": "AND", "criteria": [{"field": "states_id", "searchtype": "equals", "value": "{stock}"},
                                              {"link": "OR", "field": "serial", "value": "SW-{tag}"}]},
                 {"link": "AND NOT", "field": "name", "value": "dup"}]},
], ids=["default", "trash", "states", "criteria"])
def test_inventory_same_hosts_vars_and_groups(inventory, seeded, extra):
    extra = json.loads(json.dumps(extra).replace("{tag}", seeded["tag"]).replace("{prefix}", seeded["prefix"])
                       .replace("{stock}", seeded["stock"]))
    (v1, _err), (v2, _err2) = [inventory.run(api, config(seeded, **extra)) for api in ("v1", "v2")]
    assert v2["_meta"]["hostvars"] == v1["_meta"]["hostvars"]
    assert _groups(v2) == _groups(v1)
    assert v1["_meta"]["hostvars"], "the case must select hosts"


def test_inventory_values_over_v2(inventory, seeded):
    listed, _err = inventory.run("v2", config(seeded))
    hosts = listed["_meta"]["hostvars"]
    prefix, ids = seeded["prefix"], seeded["ids"]
    assert sorted(hosts) == sorted([prefix + "web", prefix + "db", prefix + "dup", "%sdup_%d" % (prefix, ids["dup2"]),
                                    prefix + "sw"]), "no trash; the lowest id keeps a shared name"
    web = hosts[prefix + "web"]
    assert web["glpi_location"] == "%s > Floor 1" % seeded["site"] and web["site"] == web["glpi_location"]
    assert (web["glpi_state"], web["glpi_serial"], web["glpi_comment"]) == (seeded["prod"], "S-%s" % seeded["tag"], "a & b")
    assert web["glpi_id"] == ids["web"] and web["glpi_itemtype"] == "Computer"
    assert prefix + "web" in listed["glpi_location_%s_floor_1" % seeded["site"].replace("-", "_")]["hosts"]
    assert "glpi_location_%s_floor_1" % seeded["site"].replace("-", "_") in listed["glpi_location_%s" % seeded["site"].replace("-", "_")]["children"]
    assert prefix + "sw" in listed["glpi_itemtype_networkequipment"]["hosts"]


def test_v2_default_fields_warn_about_what_v2_lacks(inventory, seeded):
    listed, err = inventory.run("v2", {"filters": {"name": "^%s" % seeded["prefix"]}})
    web = listed["_meta"]["hostvars"][seeded["prefix"] + "web"]
    assert "ansible_host" not in web and "glpi_ip_addresses" not in web and web["glpi_serial"] == "S-%s" % seeded["tag"]
    flat = " ".join(err.split())
    assert "does not expose ip_addresses, operating_system" in flat and "api_version: v1" in flat


def test_v2_inventory_failures(inventory, seeded, tmp_path):
    secret = "wrong-%s" % uuid.uuid4().hex
    wrong = inventory.run("v2", config(seeded), expect_ok=False, connection={"client_secret": secret})
    assert wrong.returncode != 0 and "glpi_inventory" in wrong.stderr and secret not in wrong.stderr + wrong.stdout
    templates = inventory.run("v2", config(seeded, exclude_templates=False), expect_ok=False)
    assert templates.returncode != 0 and "exclude_templates" in templates.stderr and "api_version" in templates.stderr
    absent = inventory.run("v2", config(seeded, filters={"operating_system": "Linux"}), expect_ok=False)
    flat = " ".join(absent.stderr.split())
    assert absent.returncode != 0 and "operating_system" in flat and "v2 API" in flat
    unknown = inventory.run("v2", config(seeded, ansible_host="nosuchfield"), expect_ok=False)
    assert unknown.returncode != 0 and "nosuchfield" in unknown.stderr
    cached = config(seeded, cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(tmp_path / "cache"))
    inventory.run("v2", cached)
    stale = inventory.run("v2", cached, expect_ok=False, connection={"client_secret": secret})
    assert stale.returncode != 0 and secret not in stale.stderr + stale.stdout


def search(**options):
    return {"glpi.glpi.glpi_search": dict({"itemtype": "Computer", "sort": "name", "display": ["serial", "states_id"]}, **options)}


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_search_or_not_and_groups(hlapi_server, playbook, seeded, api):
    prefix, tag, ids = seeded["prefix"], seeded["tag"], seeded["ids"]
    mine = {"field": "name", "value": "^%s" % prefix}
    run = playbook.run([
        search(criteria=[{"field": "name", "value": "^%sweb" % prefix}, {"link": "OR", "field": "name", "value": "^%sdb" % prefix}]),
        search(criteria=[mine, {"link": "AND", "criteria": [
            {"field": "states_id", "searchtype": "equals", "value": seeded["stock"]},
            {"link": "OR", "field": "serial", "value": "S-%s" % tag}]}]),
        search(criteria=[mine, {"link": "AND NOT", "field": "states_id", "searchtype": "equals", "value": seeded["stock"]}]),
        search(criteria=[mine, {"field": "name", "searchtype": "notcontains", "value": "dup"}]),
        search(criteria=[mine, {"link": "AND NOT", "criteria": [
            {"field": "states_id", "searchtype": "equals", "value": seeded["prod"]},
            {"link": "OR", "field": "locations_id", "searchtype": "equals", "value": seeded["site"]}]}]),
    ], connection=hlapi_server.connection(api))
    assert not [res.get("msg") for res in run.results if res.get("failed")]
    either, grouped, not_stock, no_dup, not_group = [sorted(r["id"] for r in res["records"]) for res in run.results]
    assert either == sorted([ids["web"], ids["db"]]), run.results[0].get("msg")
    assert grouped == sorted([ids["web"], ids["db"], ids["dup"]])
    assert not_stock == sorted([ids["web"], ids["dup2"]])
    assert no_dup == sorted([ids["web"], ids["db"]])
    assert not_group == [], "an empty location compares as unknown (SQL NULL), even negated"
