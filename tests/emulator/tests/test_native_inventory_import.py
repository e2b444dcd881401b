# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a native inventory writes, in both version modes, read back through the legacy API as
the findings read it: mapping, identical and changed resubmissions, import rules, the locked-field
duplicate trap."""

import time

import pytest

from emulator_api import TOKENS, Api
from glpi_emulator.store import Store
from inventory_docs import changed_document, enable, linux_document, send

EXPANDED = {"expand_dropdowns": 1, "with_networkports": 1, "with_softwares": 1, "with_devices": 1, "with_disks": 1}
SOFTWARES = ["Debian GNU/Linux 12 (bookworm)", "bash", "curl", "openssh-server"]


@pytest.fixture(params=["10.0", "11.0"])
def inv(request):
    api = Api(Store(":memory:", TOKENS, version=request.param))
    api.version = request.param
    enable(api)
    assert send(api, linux_document())[0] == 200
    return api


def _computer(api, computer_id=1):
    return api.get("Computer/%d" % computer_id, **EXPANDED)


def _rows(api, itemtype, **query):
    return api.get(itemtype, range="0-999", **query)


def _ids(api, itemtype):
    return [r["id"] for r in _rows(api, itemtype)]


def _software_names(api, computer_id=1):
    rows = _computer(api, computer_id)["_softwares"]
    return sorted((r["softwares_id"], r["softwareversions_id"]) for r in rows)


def test_computer_fields(inv):
    computer = _computer(inv)
    expected = {"name": "holdout-linux-01", "serial": "HOLD0001", "uuid": "4c4c4544-0000-1000-8000-000000000001",
                "contact": "alice", "manufacturers_id": "Dell Inc.", "computermodels_id": "OptiPlex 7080",
                "computertypes_id": "Desktop", "last_boot": "2026-12-04 08:00:00", "is_dynamic": 1,
                "autoupdatesystems_id": "GLPI Native Inventory"}
    assert {k: computer[k] for k in expected} == expected
    assert computer["last_inventory_update"]


def test_operating_system_also_a_software(inv):
    rows = _rows(inv, "Item_OperatingSystem", expand_dropdowns=1)
    assert [(r["itemtype"], r["operatingsystems_id"], r["operatingsystemversions_id"],
             r["operatingsystemarchitectures_id"], r["operatingsystemkernelversions_id"]) for r in rows] == \
        [("Computer", "Debian GNU/Linux 12 (bookworm)", "12 (bookworm)", "x86_64", "6.1.0-18-amd64")]
    assert [r["items_id"] for r in _rows(inv, "Item_OperatingSystem")] == [1]
    names = _software_names(inv)
    assert [n for n, _v in names] == SOFTWARES
    assert ("Debian GNU/Linux 12 (bookworm)", "12 (bookworm)") in names
    links = _rows(inv, "Item_SoftwareVersion")
    assert all(link["is_dynamic"] == 1 for link in links)
    assert [link["date_install"] for link in links if link["date_install"]] == ["2026-01-10"]


def test_devices_and_disks(inv):
    computer = _computer(inv)
    devices = computer["_devices"]
    assert set(devices) == {"Item_DeviceProcessor", "Item_DeviceMemory", "Item_DeviceHardDrive",
                            "Item_DeviceFirmware", "Item_DeviceNetworkCard"}
    memory = "DDR4 - SODIMM" if inv.version == "10.0" else "DDR4 - 2933 - SODIMM"
    assert sorted((m["devicememories_id"], m["size"], m["busID"]) for m in devices["Item_DeviceMemory"].values()) == \
        [(memory, 8192, "1"), (memory, 8192, "2")]
    cpu = list(devices["Item_DeviceProcessor"].values())[0]
    assert (cpu["frequency"], cpu["nbcores"], cpu["nbthreads"]) == (2900, 8, 16)
    assert [d["deviceharddrives_id"] for d in devices["Item_DeviceHardDrive"].values()] == ["PM981a"]
    assert [d["devicefirmwares_id"] for d in devices["Item_DeviceFirmware"].values()] == ["Dell Inc. BIOS"]
    disk = computer["_disks"][0]["name"]
    assert (disk["name"], disk["mountpoint"], disk["device"], disk["filesystems_id"], disk["totalsize"],
            disk["freesize"]) == ("/", "/", "/dev/nvme0n1p2", "ext4", 480000, 300000)


def test_ports_names_and_addresses(inv):
    ports = _computer(inv)["_networkports"]
    eth = ports["NetworkPortEthernet"]
    if inv.version == "10.0":  # lo is an Ethernet port with its 127.0.0.1
        assert [(p["name"], p["logical_number"]) for p in eth] == [("lo", 0), ("eno1", 1)]
        assert [a["name"] for a in eth[0]["NetworkName"]["IPAddress"]] == ["127.0.0.1"]
        assert "NetworkPortLocal" not in ports
    else:  # a NetworkPortLocal without address
        assert [(p["name"], p["id"], p["networkports_id"]) for p in ports["NetworkPortLocal"]] == [("lo", None, None)]
        assert ports["NetworkPortLocal"][0]["NetworkName"]["IPAddress"] == [{"id": "", "name": None, "IPNetwork": []}]
        assert [p["name"] for p in eth] == ["eno1"]
    eno1 = eth[-1]
    assert (eno1["mac"], eno1["NetworkName"]["name"]) == ("00:11:22:33:44:55", "eno1")
    assert [a["name"] for a in eno1["NetworkName"]["IPAddress"]] == ["192.0.2.10"]
    addresses = _rows(inv, "IPAddress")
    assert [(a["name"], a["mainitemtype"], a["mainitems_id"]) for a in addresses][-1] == ("192.0.2.10", "Computer", 1)
    assert [n["name"] for n in _rows(inv, "IPNetwork")] == ["192.0.2.0/255.255.255.0 - 192.0.2.1"]


def test_agent_row(inv):
    agents = _rows(inv, "Agent")
    assert [(a["deviceid"], a["name"], a["agenttypes_id"], a["useragent"], a["itemtype"], a["items_id"])
            for a in agents] == [(linux_document()["deviceid"], linux_document()["deviceid"], 1,
                                  "GLPI-Agent_v1.7", "Computer", 1)]


def test_identical_resubmission_keeps_ids_and_logs_one_row(inv):
    tables = ("Item_SoftwareVersion", "NetworkPort", "IPAddress", "Item_Disk", "Item_DeviceMemory")
    before = {t: _ids(inv, t) for t in tables}
    logs_before = _ids(inv, "Log")
    time.sleep(1.05)  # last_inventory_update has a one-second resolution
    assert send(inv, linux_document())[0] == 200
    assert {t: _ids(inv, t) for t in tables} == before
    assert _ids(inv, "Computer") == [1]
    new_logs = [r for r in _rows(inv, "Log") if r["id"] not in logs_before]
    assert [(r["itemtype"], r["items_id"], r["id_search_option"]) for r in new_logs] == [("Computer", 1, 9)]


def test_changed_inventory_replaces_addresses_and_software_links(inv):
    old_ip = [a for a in _rows(inv, "IPAddress") if a["name"] == "192.0.2.10"][0]["id"]
    logs_before = _ids(inv, "Log")
    assert send(inv, changed_document(linux_document()))[0] == 200
    assert _ids(inv, "Computer") == [1]
    addresses = {a["name"]: a["id"] for a in _rows(inv, "IPAddress")}
    assert "192.0.2.10" not in addresses and addresses["192.0.2.77"] > old_ip
    names = _software_names(inv)
    assert ("bash", "5.2.15-2+b7") in names and ("htop", "3.2.2-2") in names
    assert "curl" not in [n for n, _v in names]
    assert "5.2.15-2+b2" in [v["name"] for v in _rows(inv, "SoftwareVersion")]  # the old version row stays
    new_logs = [(r["linked_action"], r["old_value"], r["new_value"]) for r in _rows(inv, "Log")
                if r["id"] not in logs_before and r["itemtype_link"] == "Software"]
    assert sorted(new_logs) == [(17, "", "htop - 3.2.2-2"), (18, "", "bash - 5.2.15-2+b2 -> 5.2.15-2+b7"),
                                (19, "curl - 7.88.1-10+deb12u5", "")]


def test_rules_serial_uuid_then_import_same_name_is_a_second_computer(inv):
    other = linux_document(deviceid="other-agent", serial="HOLD0002", uuid="4c4c4544-0000-1000-8000-000000000002",
                           mac="00:11:22:33:44:66", ip="192.0.2.11")
    assert send(inv, other)[0] == 200
    assert [(c["id"], c["name"]) for c in _rows(inv, "Computer")] == [(1, "holdout-linux-01"), (2, "holdout-linux-01")]
    rules = [(r["items_id"], r["rules_id"]) for r in _rows(inv, "RuleMatchedLog")]
    assert rules == [(1, 13), (2, 13)]
    send(inv, linux_document())
    assert [(r["items_id"], r["rules_id"]) for r in _rows(inv, "RuleMatchedLog")][-1] == (1, 11)


def test_no_serial_matches_by_name(inv):
    document = linux_document(deviceid="nameonly", serial="", uuid="")
    del document["content"]["networks"]  # (lo's 00:00:00:00:00:00 would match first: rule 16, by mac)
    assert send(inv, document)[0] == 200
    assert _ids(inv, "Computer") == [1]  # rule 17 "Computer update (by name)"
    assert [(r["items_id"], r["rules_id"]) for r in _rows(inv, "RuleMatchedLog")][-1] == (1, 17)


def test_locked_field_duplicate_trap(inv):
    inv.update("Computer", 1, serial="MANUAL-EDIT", comment="api comment")
    locked = _rows(inv, "Lockedfield")
    assert sorted((r["itemtype"], r["items_id"], r["field"], r["value"]) for r in locked) == \
        [("Computer", 1, "comment", None), ("Computer", 1, "serial", None)]
    assert send(inv, changed_document(linux_document()))[0] == 200
    computers = {c["id"]: c for c in _rows(inv, "Computer")}
    assert sorted(computers) == [1, 2]
    assert (computers[1]["serial"], computers[1]["comment"]) == ("MANUAL-EDIT", "api comment")
    assert (computers[2]["name"], computers[2]["serial"]) == ("holdout-linux-01", "HOLD0001")
    assert [a["items_id"] for a in _rows(inv, "Agent")] == [2]
    assert [(r["items_id"], r["rules_id"]) for r in _rows(inv, "RuleMatchedLog")][-1] == (2, 13)


def test_manual_edit_of_a_non_dynamic_computer_locks_nothing(inv):
    computer_id = inv.add("Computer", name="manual")
    inv.update("Computer", computer_id, serial="X")
    assert _rows(inv, "Lockedfield") == []


def test_agent_and_locked_fields_searchable(inv):
    query = {"criteria[0][field]": "6", "criteria[0][searchtype]": "contains", "criteria[0][value]": "holdout",
             "forcedisplay[0]": "15"}
    body = inv.get("search/Agent", **query)
    assert [(row["1"], row["15"]) for row in body["data"]] == [(linux_document()["deviceid"], 1)]
    inv.update("Computer", 1, serial="MANUAL-EDIT")
    query = {"criteria[0][field]": "1", "criteria[0][searchtype]": "contains", "criteria[0][value]": "serial"}
    assert [row["1"] for row in inv.get("search/Lockedfield", **query)["data"]] == ["serial"]
    query = {"criteria[0][field]": "13", "criteria[0][searchtype]": "equals", "criteria[0][value]": "1"}
    status, body = inv.call("GET", "search/Lockedfield", **query)  # as 10.0.12 answers it
    assert status == 400 and body[1].startswith("Forbidden field ID in search criteria")


def test_creation_writes_no_log_and_updates_log_as_inventory(inv):
    """Measured on 10.0.12: a new computer has no log row; later rows are signed "inventory"."""
    assert inv.get("Computer/1", with_logs=1)["_logs"] == []
    time.sleep(1.05)
    send(inv, changed_document(linux_document()))
    rows = inv.get("Computer/1", with_logs=1)["_logs"].values()
    assert {row["user_name"] for row in rows} == {"inventory"}


def test_port_types_follow_the_document(inv):
    """``type`` loopback without a mac: a NetworkPortLocal in both versions (measured on 10.0.12), which
    keeps 127.0.0.1 on 10.0 only; a port without addresses gets no NetworkName."""
    document = linux_document(deviceid="ports")
    document["content"]["networks"][0].pop("mac")
    document["content"]["networks"].append({"description": "wlan0", "mac": "00:11:22:33:44:99", "type": "wifi"})
    send(inv, document)
    ports = inv.get("Computer/1", with_networkports=1)["_networkports"]
    local = ports["NetworkPortLocal"][0]
    expected = ["127.0.0.1"] if inv.version == "10.0" else [None]
    assert [a["name"] for a in local["NetworkName"]["IPAddress"]] == expected
    assert (local["id"], local["logical_number"]) == (None, 0)
    assert [(p["name"], "NetworkName" in p) for p in ports["NetworkPortWifi"]] == [("wlan0", False)]
    eno1 = ports["NetworkPortEthernet"][0]
    assert (eno1["speed"], eno1["logical_number"]) == (1000, 1)
    assert [n["name"] for n in eno1["NetworkName"]["IPAddress"][0]["IPNetwork"]] == ["192.0.2.0/255.255.255.0 - 192.0.2.1"]


def test_locked_field_and_agent_columns(inv):
    inv.update("Computer", 1, serial="MANUAL-EDIT")
    locked = _rows(inv, "Lockedfield")[0]
    assert (locked["date_mod"], bool(locked["date_creation"])) == (None, True)
    assert _rows(inv, "Agent")[0]["version"] is None  # versionclient is not the agent's version


@pytest.mark.parametrize("vmsystem, chassis, expected", [
    ("kvm", "Desktop", "kvm"), ("Physical", "Desktop", "Desktop"), ("", None, "OptiPlex 7080-board")])
def test_type_from_vmsystem_then_chassis_then_bios(inv, vmsystem, chassis, expected):
    # MainAsset::prepare: a virtual machine's vmsystem wins; else chassis_type, bios.type, bios.mmodel.
    document = linux_document(deviceid="vm-1", name="vm-1", serial="VM0001", uuid="4c4c4544-0000-1000-8000-0000000000f1")
    document["content"]["hardware"]["vmsystem"] = vmsystem
    if chassis is None:
        document["content"]["hardware"].pop("chassis_type", None)
        document["content"]["bios"]["mmodel"] = "OptiPlex 7080-board"
    assert send(inv, document)[0] == 200
    computer = [c for c in _rows(inv, "Computer", expand_dropdowns=1) if c["name"] == "vm-1"][0]
    assert computer["computertypes_id"] == expected


def test_agent_purged_through_the_api(inv):
    # Agent's right is "agent" (Super-Admin: read, update, purge): a client can clean up its agents.
    agent_id = _ids(inv, "Agent")[0]
    status, body = inv.call("DELETE", "Agent/%d" % agent_id, force_purge=1)
    assert status == 200, body
    assert _ids(inv, "Agent") == []
