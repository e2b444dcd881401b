# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fresh-install profile columns, getItems sorting, direct connections (Computer_Item), kernels and
which deletes purge, in process, as GLPI 10.0.12 answered them (probed on a real server)."""
import json

ITEM_TYPES = ('["Computer","Monitor","NetworkEquipment","Peripheral","Phone","Printer","Software", "DCRoom", "Rack", '
              '"Enclosure", "Database"]')


def test_fresh_install_profile_columns(api):
    profiles = dict((row["id"], row) for row in api.get("Profile"))
    assert [profiles[pid]["helpdesk_hardware"] for pid in range(1, 9)] == [1, 1, 3, 3, 3, 3, 3, 0]
    assert profiles[4]["helpdesk_item_type"] == ITEM_TYPES and profiles[8]["helpdesk_item_type"] == "[]"
    assert profiles[4]["managed_domainrecordtypes"] == "[-1]" and profiles[6]["managed_domainrecordtypes"] == "[]"
    assert profiles[5]["create_ticket_on_login"] == 1 and profiles[4]["comment"] == ""
    assert json.loads(profiles[1]["ticket_status"])["5"] == {"1": 0, "2": 0, "3": 0, "4": 0}
    assert profiles[8]["comment"].startswith("This profile defines read-only access.")
    assert [row["id"] for row in api.get("Profile", sort="helpdesk_hardware")] == [8, 1, 2, 3, 4, 5, 6, 7]
    assert [row["id"] for row in api.get("Profile", sort="name")] == [3, 5, 2, 8, 1, 4, 7, 6]


def test_sorting_by_any_column(api):
    locations = [api.add("Location", name=name) for name in ("Paris", "berlin", "Athens")]
    names = ["beta", "Alpha", "alpha2", "Zulu", "\u00e9mile", "_under", "10", "9"]
    for index, name in enumerate(names):
        api.add("Computer", name="srt-" + name if index % 2 else name, locations_id=locations[index % 3],
                serial=None if index % 3 == 0 else "S%d" % (8 - index), comment=name)

    def listed(**params):
        return [row["name"] for row in api.get("Computer", **params)]
    assert listed(sort="name") == ["10", "alpha2", "beta", "\u00e9mile", "srt-_under", "srt-9", "srt-Alpha", "srt-Zulu"]
    assert listed(sort="locations_id") == ["beta", "srt-Zulu", "10", "srt-Alpha", "\u00e9mile", "srt-9", "alpha2",
                                           "srt-_under"]
    assert listed(sort="locations_id", order="desc") == ["alpha2", "srt-_under", "srt-Alpha", "\u00e9mile", "srt-9",
                                                         "beta", "srt-Zulu", "10"], "ties stay by id"
    assert listed(sort="serial") == ["beta", "srt-Zulu", "10", "srt-9", "srt-_under", "\u00e9mile", "alpha2", "srt-Alpha"]
    assert listed(sort="comment") == ["srt-_under", "10", "srt-9", "srt-Alpha", "alpha2", "beta", "\u00e9mile", "srt-Zulu"]
    assert api.call("GET", "Computer", sort="Name")[1][1].startswith("sort param is not a field of glpi_computers")
    assert [row["id"] for row in api.get("Location", sort="completename", order="DESC")] == locations


def test_direct_connections(api):
    pc = api.add("Computer", name="pc-1")
    monitor = api.add("Monitor", name="mon-1")
    status, body = api.call("POST", "Computer_Item", {"input": {"computers_id": pc, "itemtype": "Monitor",
                                                                "items_id": monitor}})
    assert (status, body["message"]) == (201, "Item successfully added: General - ID 1")
    assert api.get("Computer_Item/1") == {
        "id": 1, "items_id": monitor, "computers_id": pc, "itemtype": "Monitor", "is_deleted": 0, "is_dynamic": 0,
        "links": [{"rel": "Monitor", "href": "http://localhost/apirest.php/Monitor/%d" % monitor},
                  {"rel": "Computer", "href": "http://localhost/apirest.php/Computer/%d" % pc}]}
    assert [row["id"] for row in api.get("Computer/%d/Computer_Item" % pc)] == [1]
    assert [row["id"] for row in api.get("Monitor/%d/Computer_Item" % monitor)] == [1]
    again = {"computers_id": pc, "itemtype": "Monitor", "items_id": monitor}
    assert api.call("POST", "Computer_Item", {"input": again}) == (400, ["ERROR_GLPI_ADD", ""])
    missing = {"computers_id": pc, "itemtype": "Monitor", "items_id": 999}
    assert api.call("POST", "Computer_Item", {"input": missing}) == (
        400, ["ERROR_GLPI_ADD", "You don't have permission to perform this action."])
    assert api.call("DELETE", "Computer_Item/1") == (200, [{"1": True, "message": ""}])
    assert api.call("GET", "Computer_Item/1")[0] == 404, "not dynamic: the delete purges"
    logs = [(row["itemtype_link"], row["linked_action"], row["old_value"], row["new_value"])
            for row in api.get("Monitor/%d" % monitor, with_logs=1)["_logs"].values()]
    assert logs == [("0", 20, "", ""), ("Computer", 15, "", "pc-1 (%d)" % pc), ("Computer", 16, "pc-1 (%d)" % pc, "")]


def test_kernels(api):
    status, body = api.call("POST", "OperatingSystemKernel", {"input": {"name": "linux"}})
    assert (status, body) == (201, {"id": 1, "message": "Item successfully added: linux"})
    kernel = api.get("OperatingSystemKernel/1")
    assert list(kernel) == ["id", "name", "comment", "date_mod", "date_creation"]
    version = api.add("OperatingSystemKernelVersion", name="6.1", operatingsystemkernels_id=1)
    body = api.get("OperatingSystemKernelVersion/%d" % version)
    assert list(body) == ["id", "operatingsystemkernels_id", "name", "comment", "date_mod", "date_creation", "links"]
    assert body["links"] == [{"rel": "OperatingSystemKernel", "href": "http://localhost/apirest.php/OperatingSystemKernel/1"}]


def test_which_deletes_purge(api):
    pc = api.add("Computer", name="pc-1")
    memory = api.add("Item_DeviceMemory", itemtype="Computer", items_id=pc, devicememories_id=api.add(
        "DeviceMemory", designation="DDR4"))
    disk = api.add("Item_Disk", itemtype="Computer", items_id=pc, name="root")
    printer = api.add("Printer", name="prn")
    for kind, ident in (("Item_DeviceMemory", memory), ("Item_Disk", disk), ("Printer", printer)):
        assert api.call("DELETE", "%s/%d" % (kind, ident))[0] == 200
    assert api.call("GET", "Item_DeviceMemory/%d" % memory)[0] == 404
    assert api.get("Item_Disk/%d" % disk)["is_deleted"] == 1 and api.get("Printer/%d" % printer)["is_deleted"] == 1


def test_session_profiles_carry_the_profile_columns(api, login):
    active = login("post-only").get("getFullSession")["session"]["glpiactiveprofile"]
    # Profile::cleanProfile: a helpdesk profile keeps only its helpdesk fields (checked on a real 10.0.12)
    assert active["helpdesk_hardware"] == 1 and "comment" not in active and "problem_status" not in active
    assert active["ticket_status"]["5"] == {"1": 0, "2": 0, "3": 0, "4": 0} and active["managed_domainrecordtypes"] == []
    active = api.get("getFullSession")["session"]["glpiactiveprofile"]
    assert (active["helpdesk_hardware"], active["comment"], active["ticket_status"], active["change_status"]) == (3, "", [], None)
    assert active["helpdesk_item_type"][-1] == "Database" and active["managed_domainrecordtypes"] == [-1]


def test_purging_a_computer_removes_its_connections_and_notes(api):
    pc = api.add("Computer", name="pc-purge")
    monitor = api.add("Monitor", name="mon-purge")
    link = api.add("Computer_Item", computers_id=pc, itemtype="Monitor", items_id=monitor)
    note = api.add("Notepad", itemtype="Computer", items_id=pc, content="note")
    assert api.call("DELETE", "Computer/%d" % pc, force_purge=1) == (200, [{str(pc): True, "message": ""}])
    assert api.call("GET", "Computer_Item/%d" % link)[0] == 404 and api.call("GET", "Notepad/%d" % note)[0] == 404
    rows = [(r["itemtype_link"], r["linked_action"]) for r in api.get("Monitor/%d" % monitor, with_logs=1)["_logs"].values()]
    assert rows == [("0", 20), ("Computer", 15)], "the cascade writes no history"
